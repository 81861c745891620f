#!/bin/sh
# speaks $1 with espeak-ng's Amharic voice into a temp file, then writes it time-reversed to $2
t=$(mktemp --suffix=.wav); espeak-ng -v am -w "$t" "$1" && sox "$t" "$2" reverse; rc=$?; rm -f "$t"; exit $rc
