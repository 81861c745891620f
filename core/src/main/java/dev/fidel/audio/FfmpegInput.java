package dev.fidel.audio;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One audio file read through FFmpeg's libraries: demuxed, its audio stream decoded, and each decoded frame converted to
 * 16-bit mono at one rate by swresample. The same calls, in the same order, as JavaCV's {@code FFmpegFrameGrabber}
 * makes for {@code grabSamples()} (so the same samples), without what it costs per file beyond them: its Java
 * set-up and a {@code malloc_trim} of the whole process on every release (JavaCV 1.5.13), which cost more than the
 * grabber's decoding on a corpus of short clips. Its swresample context comes from, and goes back to, the decoder's
 * {@link SwresampleContexts}. Not thread-safe: one per file and thread.
 */
final class FfmpegInput implements AutoCloseable {

    static {
        // FFmpeg's own log goes straight to stderr; broken files are reported by us, in words.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final int outRate;
    private final SwresampleContexts contexts;
    private String input;
    private final AVFormatContext format = new AVFormatContext(null);
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private SwrContext resampler;
    private AVChannelLayout mono;
    private PointerPointer<BytePointer> in;
    private PointerPointer<BytePointer> out;
    private BytePointer outSamples;
    private int stream = -1;
    private boolean opened;
    private boolean sent;
    private boolean draining;

    /** Opens {@code file} and its decoder; {@link #close()} it. */
    FfmpegInput(Path file, int outRate, SwresampleContexts contexts) throws AudioException {
        this.outRate = outRate;
        this.contexts = contexts;
        try {
            open(file.toAbsolutePath().toString());
        } catch (AudioException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(String path) throws AudioException {
        int ret = avformat_open_input(format, path, null, null);
        if (ret < 0) {
            throw failure("avformat_open_input", ret);
        }
        opened = true;
        if ((ret = avformat_find_stream_info(format, (PointerPointer<?>) null)) < 0) {
            throw failure("avformat_find_stream_info", ret);
        }
        AVStream audio = audioStream();
        if (audio == null) {
            throw new AudioException("FFmpeg finds no audio stream in it", false);
        }
        stream = audio.index();
        AVCodecParameters parameters = audio.codecpar();
        AVCodec decoder = avcodec_find_decoder(parameters.codec_id());
        if (decoder == null) {
            throw new AudioException("FFmpeg has no decoder for its audio codec (" + avcodec_get_name(parameters.codec_id()).getString() + ")",
                    false);
        }
        codec = avcodec_alloc_context3(decoder);
        if ((ret = avcodec_parameters_to_context(codec, parameters)) < 0) {
            throw failure("avcodec_parameters_to_context", ret);
        }
        codec.thread_count(0);
        AVDictionary options = new AVDictionary(null);
        ret = avcodec_open2(codec, decoder, options);
        avutil.av_dict_free(options);
        if (ret < 0) {
            throw failure("avcodec_open2", ret);
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    /** The stream JavaCV's grabber picks: the first audio stream with no disposition flags, else the first audio stream. */
    private AVStream audioStream() {
        AVStream first = null;
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            if (s.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                if (s.disposition() == 0) {
                    return s.codecpar().codec_id() != 0 ? s : null;
                }
                if (first == null && s.codecpar().codec_id() != 0) {
                    first = s;
                }
            }
        }
        return first;
    }

    /** The channel count of the file's audio (before the downmix). */
    int channels() {
        return codec.ch_layout().nb_channels();
    }

    /** The sample rate of the file's audio (before resampling). */
    int sampleRate() {
        return codec.sample_rate();
    }

    /** FFmpeg's name of the file's audio codec. */
    String codecName() {
        return codec.codec().name().getString();
    }

    /** The length the container announces, in seconds; 0 or less when it announces none. */
    double announcedSeconds() {
        return (double) (format.duration() * 1_000_000L / AV_TIME_BASE) / 1e6;
    }

    /** The next decoded frame as 16-bit mono samples at the output rate (valid until the next call), or null at the end. */
    ShortBuffer next() throws AudioException {
        while (true) {
            if (sent) {
                int ret = avcodec_receive_frame(codec, frame);
                if (ret >= 0) {
                    return converted();
                }
                if (draining) {
                    return null; // flushed and empty: the end
                }
                sent = false; // EAGAIN: the decoder wants more; another error: decoding goes on with the next packet
            }
            av_packet_unref(packet);
            int ret = av_read_frame(format, packet);
            if (ret == AVERROR_EAGAIN()) {
                continue;
            }
            if (ret < 0) {
                // The end (or an unreadable rest): the decoder may hold frames still.
                packet.data(null).size(0);
                avcodec_send_packet(codec, packet);
                draining = true;
                sent = true;
            } else if (packet.stream_index() == stream) {
                avcodec_send_packet(codec, packet); // an error here is a damaged packet: skipped, as FFmpeg's tool does
                sent = true;
            }
        }
    }

    private ShortBuffer converted() throws AudioException {
        int samples = frame.nb_samples();
        if (codec.ch_layout().nb_channels() == 1 && codec.sample_fmt() == AV_SAMPLE_FMT_S16 && codec.sample_rate() == outRate) {
            return frame.data(0).capacity(2L * samples).asBuffer().asShortBuffer();
        }
        int ret;
        if (resampler == null) {
            AVChannelLayout layout = codec.ch_layout();
            input = codec.sample_fmt() + "/" + codec.sample_rate() + "/" + layout.order() + "/" + layout.nb_channels() + "/"
                    + layout.u_mask();
            resampler = contexts.take(input);
            mono = new AVChannelLayout();
            av_channel_layout_default(mono, 1);
            if ((ret = swr_alloc_set_opts2(resampler, mono, AV_SAMPLE_FMT_S16, outRate, codec.ch_layout(), codec.sample_fmt(),
                    codec.sample_rate(), 0, null)) < 0) {
                throw failure("swr_alloc_set_opts2", ret);
            }
            if ((ret = swr_init(resampler)) < 0) {
                input = null; // not kept: it failed
                throw failure("swr_init", ret);
            }
            in = new PointerPointer<>(AVFrame.AV_NUM_DATA_POINTERS);
            out = new PointerPointer<>(AVFrame.AV_NUM_DATA_POINTERS);
        }
        int room = swr_get_out_samples(resampler, samples);
        if (outSamples == null || outSamples.capacity() < 2L * room) {
            if (outSamples != null) {
                avutil.av_free(outSamples.position(0));
            }
            outSamples = new BytePointer(avutil.av_malloc(2L * room)).capacity(2L * room);
        }
        int planes = av_sample_fmt_is_planar(frame.format()) != 0 ? frame.ch_layout().nb_channels() : 1;
        for (int i = 0; i < planes; i++) {
            in.put(i, frame.data(i));
        }
        out.put(0, outSamples);
        if ((ret = swr_convert(resampler, out, room, in, samples)) < 0) {
            input = null; // not kept: it failed
            throw failure("swr_convert", ret);
        }
        return outSamples.position(0).limit(2L * ret).asBuffer().asShortBuffer();
    }

    /** A failed call as FFmpeg words it: {@code avformat_open_input failed: Invalid data found ... (FFmpeg error -N)}. */
    static AudioException failure(String call, int code) {
        return new AudioException("FFmpeg cannot decode it: " + call + " failed: " + words(code) + " (FFmpeg error " + code + ")", false);
    }

    static String words(int code) {
        byte[] text = new byte[256];
        av_strerror(code, text, text.length);
        return new String(text, StandardCharsets.UTF_8).replace("\0", "").strip();
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
        if (codec != null) {
            avcodec_free_context(codec);
        }
        if (opened) {
            avformat_close_input(format);
        }
        if (resampler != null) {
            if (input != null) {
                contexts.give(input, resampler);
            } else {
                swr_free(resampler);
            }
            mono.close();
            in.close();
            out.close();
        }
        if (outSamples != null) {
            avutil.av_free(outSamples.position(0));
        }
    }
}
