#!/usr/bin/env bash
# Synthesise the audio clips of the practical banks (level5/assets, level4/assets) from
# audio-clips.tsv, the single source of their text: the transcript gold that make_practical_l5.py
# and make_practical_l4.py write is read from the same file, so the synthesiser says what the gold says.
#
# Needs Debian packages:  apt-get install -y espeak-ng sox libsox-fmt-all
# Output: 16 kHz mono Ogg Vorbis (16 kHz mono WAV if this sox has no Vorbis support).
# Deterministic: espeak-ng is, and sox runs with -R (repeatable noise and Ogg serial numbers).
#
# Voices: espeak-ng "cmn-latn-pinyin" (Mandarin; Debian's plain "cmn" voice reads its own pinyin back
# as English), "+f3" for a second speaker, "yue" for the Cantonese (non-target-language) clips.
# espeak-ng reads Chinese character by character, so the texts avoid polyphonic characters it gets
# wrong (调 in 空调, 行 in 银行, 地 in 地铁 …); the script prints the pinyin it used for review.
set -euo pipefail
cd "$(dirname "$0")"
QB=$(cd .. && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SPEED=150
EXT=ogg
if ! sox -h 2>/dev/null | grep -qw vorbis; then EXT=wav; fi

say() { # voice text out.wav — synthesise, refuse fallbacks to English, trim silence, 16 kHz mono
  local voice=$1 text=$2 out=$3
  if espeak-ng -v "$voice" -q -x "$text" | grep -q '(en)'; then
    echo "make_audio: voice $voice cannot read: $text" >&2
    exit 1
  fi
  espeak-ng -v "$voice" -s "$SPEED" -w "$TMP/raw.wav" "$text"
  sox -R "$TMP/raw.wav" -r 16000 -c 1 -b 16 "$out" \
    gain -3 silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse rate 16k
}

pinyin() { espeak-ng -v "$1" -q -X "$2" | awk '/^Replace:/{printf "%s%s ", $2, $3}'; }

total=0
while IFS=$'\t' read -r level name source voice effect text text2; do
  [[ -z "${level}" || "${level}" == \#* ]] && continue
  dir="$QB/level$level/assets"
  mkdir -p "$dir"
  out="$dir/$name.$EXT"
  w="$TMP/clip.wav"
  case "$source" in
    tts)
      say "$voice" "$text" "$TMP/s.wav"
      case "$effect" in
        none) sox -R "$TMP/s.wav" "$w" pad 0.3 0.4 ;;
        cut_start:*) sox -R "$TMP/s.wav" "$w" trim "${effect#cut_start:}" pad 0 0.4 ;;   # starts mid-syllable
        cut_end:*) sox -R "$TMP/s.wav" "$w" trim 0 "-${effect#cut_end:}" pad 0.3 0 ;;    # ends mid-syllable
        mix) # two speakers talking over each other
          say "${voice}+f3" "$text2" "$TMP/t.wav"
          sox -R "$TMP/t.wav" "$TMP/t2.wav" pad 0.5 0
          sox -R -m "$TMP/s.wav" "$TMP/t2.wav" "$TMP/m.wav"
          sox -R "$TMP/m.wav" "$w" pad 0.3 0.4 norm -1 ;;
        *) echo "make_audio: unknown effect $effect" >&2; exit 1 ;;
      esac
      extra=""
      if [[ "$text2" != "-" ]]; then extra="| $(pinyin "${voice}+f3" "$text2")"; fi
      echo "$name: $(pinyin "$voice" "$text")$extra" ;;
    silence) sox -R -n -r 16000 -c 1 -b 16 "$w" synth 3.0 brownnoise vol 0.002 ; echo "$name: near-silence 3 s" ;;
    noise) sox -R -n -r 16000 -c 1 -b 16 "$w" synth 3.0 whitenoise vol 0.25 ; echo "$name: white noise 3 s" ;;
    copy) cp "$dir/$text.$EXT" "$TMP/copy" ; echo "$name: copy of $text" ;;
    *) echo "make_audio: unknown source $source" >&2; exit 1 ;;
  esac
  if [[ "$source" == copy ]]; then
    cp "$TMP/copy" "$out"
  elif [[ "$EXT" == ogg ]]; then
    sox -R "$w" -r 16000 -c 1 -C 2 "$out"
  else
    sox -R "$w" -r 16000 -c 1 -b 16 "$out"
  fi
  size=$(stat -c %s "$out")
  total=$((total + size))
  if (( size > 200 * 1024 )); then echo "make_audio: $out is over 200 KB" >&2; exit 1; fi
  printf '   -> %s  %s s  %s bytes\n' "${out#$QB/}" "$(soxi -D "$out")" "$size"
done < audio-clips.tsv
echo "total audio: $total bytes"
if (( total > 3 * 1024 * 1024 )); then echo "make_audio: audio over 3 MB in total" >&2; exit 1; fi
