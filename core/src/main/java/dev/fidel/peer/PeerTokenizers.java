package dev.fidel.peer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a peer's tokenizer file, telling the two formats apart by content, not by name: a JSON object
 * (first byte {@code '{'} after white space) is an XTTS {@code vocab.json}; anything else must parse as a
 * SentencePiece {@code ModelProto} (IndexTTS2's {@code bpe.model}).
 */
public final class PeerTokenizers {

    /** A tokenizer file larger than this is refused before it is read (XTTS v2's is ~0.4 MB, IndexTTS2's ~0.5 MB). */
    static final long MAX_FILE_BYTES = 256L << 20;

    private PeerTokenizers() {
    }

    /**
     * @throws IOException naming the file and what is wrong with it (not there, too large, neither format, a
     *         field that breaks the format)
     */
    public static PeerTokenizer read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + " has " + size + " bytes, more than any tokenizer file (" + MAX_FILE_BYTES
                    + "): not a vocab.json or bpe.model");
        }
        if (looksLikeJson(file)) {
            return XttsVocabulary.read(file);
        }
        return SentencePiecePeer.read(file);
    }

    private static boolean looksLikeJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int b = in.read();
            if (b == 0xEF) { // a UTF-8 byte order mark
                in.skip(2);
                b = in.read();
            }
            while (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                b = in.read();
            }
            return b == '{';
        }
    }
}
