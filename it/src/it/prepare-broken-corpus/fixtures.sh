#!/usr/bin/env bash
# Rebuilds corpus/ of this IT: good files in every layout prepare-data reads, and broken ones.
# Needs espeak-ng, sox and ffmpeg; the IT itself needs none of them (corpus/ is committed).
set -euo pipefail
cd "$(dirname "$0")"
rm -rf corpus && mkdir -p corpus/amina corpus/dawit corpus/lj/wavs corpus/cv/clips
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
say() { # say VOICE TEXT OUT.wav : 16 kHz mono 16-bit WAV
  espeak-ng -v "$1" -w "$t/raw.wav" "$2" && sox "$t/raw.wav" -r 16000 -b 16 -c 1 "$3"
}
# Sidecar .txt / .json, speakers from the sub-folder
say am+f1 "ሰላም ለዓለም" corpus/amina/a01.wav;            echo "ሰላም ለዓለም" > corpus/amina/a01.txt
say am+f1 "እንኳን ደህና መጣህ" corpus/amina/a02.wav;       echo "እንኳን ደህና መጣህ" > corpus/amina/a02.txt
say am+f1 "መጽሐፉን አነበብኩ" "$t/a03.wav"                 # stereo 44.1 kHz FLAC
ffmpeg -loglevel error -y -i "$t/a03.wav" -ac 2 -ar 44100 corpus/amina/a03.flac; echo "መጽሐፉን አነበብኩ" > corpus/amina/a03.txt
say am+f1 "ቡና እንጠጣ" "$t/a04.wav"                       # OGG Vorbis with a .json sidecar
ffmpeg -loglevel error -y -i "$t/a04.wav" -c:a libvorbis -q:a 2 corpus/amina/a04.ogg
printf '{"text": "ቡና እንጠጣ", "speaker": "amina"}\n' > corpus/amina/a04.json
say am+m1 "ዛሬ ዝናብ ይዘንባል" "$t/d01.wav"                 # MP3
ffmpeg -loglevel error -y -i "$t/d01.wav" -b:a 32k corpus/dawit/d01.mp3; echo "ዛሬ ዝናብ ይዘንባል" > corpus/dawit/d01.txt
say am+m1 "አዲስ አበባ ትልቅ ከተማ ናት" "$t/d02.wav"          # Opus
ffmpeg -loglevel error -y -i "$t/d02.wav" -b:a 24k corpus/dawit/d02.opus; echo "አዲስ አበባ ትልቅ ከተማ ናት" > corpus/dawit/d02.txt
# Timed lyrics: three phrases with pauses, one .lrc cut by its timestamps
say am+m3 "ውሃ ጠጣሁ" "$t/s1.wav"; say am+m3 "ምሳ በላሁ" "$t/s2.wav"; say am+m3 "ቤት ሄድኩ" "$t/s3.wav"
d1=$(soxi -D "$t/s1.wav"); d2=$(soxi -D "$t/s2.wav")
sox -n -r 16000 -b 16 -c 1 "$t/gap.wav" trim 0 1
sox "$t/s1.wav" "$t/gap.wav" "$t/s2.wav" "$t/gap.wav" "$t/s3.wav" corpus/song.wav
t2=$(python3 -c "print(f'{$d1+1:05.2f}')"); t3=$(python3 -c "print(f'{$d1+$d2+2:05.2f}')")
printf '[ar:fixture]\n[00:00.00]ውሃ ጠጣሁ\n[00:%s]ምሳ በላሁ\n[00:%s]ቤት ሄድኩ\n' "$t2" "$t3" > corpus/song.lrc
# LJSpeech layout
say am+f3 "ጤና ይስጥልኝ" corpus/lj/wavs/lj001.wav; say am+f3 "ደህና ሁኑ" corpus/lj/wavs/lj002.wav
printf 'lj001|ጤና ይስጥልኝ|ጤና ይስጥልኝ\nlj002|ደህና ሁኑ|ደህና ሁኑ\n' > corpus/lj/metadata.csv
# Common Voice layout, Opus clips, two speakers
printf 'client_id\tpath\tsentence\tsource\tlicence\n' > corpus/cv/validated.tsv
i=0
for s in "ልጁ ትምህርት ቤት ሄደ" "እናቴ ዳቦ ጋገረች" "ገበያ ሄድን" "መኪናው ቆሟል" "ፀሐይ ወጣች" \
         "ወንዙ ሞልቷል" "አበባው ያምራል" "ሻይ ጠጣን" "በሩን ዝጋ" "መብራቱን አብራ"; do
  i=$((i+1)); v=$([ $((i % 2)) = 0 ] && echo am+m7 || echo am+f5); spk=$([ $((i % 2)) = 0 ] && echo spk-m7 || echo spk-f5)
  say "$v" "$s" "$t/cv.wav"; ffmpeg -loglevel error -y -i "$t/cv.wav" -b:a 16k "corpus/cv/clips/cv$(printf %02d $i).opus"
  printf '%s\tcv%02d.opus\t%s\tfixture\tCC0-1.0\n' "$spk" "$i" "$s" >> corpus/cv/validated.tsv
done
# Broken: truncated WAV, zero-length file, unreadable bytes, Latin transcript, transcript of other audio
say am+m1 "ነገ እንገናኝ" "$t/d03.wav"; head -c 9000 "$t/d03.wav" > corpus/dawit/d03.wav; echo "ነገ እንገናኝ" > corpus/dawit/d03.txt
: > corpus/dawit/d04.wav; echo "ደብዳቤ ጻፍኩ" > corpus/dawit/d04.txt
head -c 4000 /dev/urandom > corpus/dawit/d05.ogg; echo "ስልክ ደወለ" > corpus/dawit/d05.txt
say am+f1 "ጥሩ ቀን" corpus/amina/a05.wav; echo "Good morning, this is an English sentence" > corpus/amina/a05.txt
say am+f1 "አዎ" corpus/amina/a06.wav
echo "ኢትዮጵያ በምሥራቅ አፍሪካ የምትገኝ ሀገር ስትሆን ዋና ከተማዋ አዲስ አበባ ናት። ሀገሪቱ ብዙ ቋንቋዎች የሚነገሩባት ሲሆን አማርኛ የሥራ ቋንቋ ነው። ብዙ ተራሮችና ወንዞች አሏት፤ አባይ ወንዝም ከጣና ሐይቅ ይነሳል።" > corpus/amina/a06.txt
du -sh corpus; find corpus -type f | sort
