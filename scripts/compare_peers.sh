#!/bin/bash
# ispsim against the raw developers users know, on the very same raws, scored against the scene's
# noise-free truth with `ispsim iq --truth` (per-channel gain match in linear light, CPSNR in
# 8-bit sRGB codes, 8-pixel border left out). Each scene becomes a DNG with `ispsim sensor`, then
# is developed by ispsim (`run --raw`, both demosaic methods), dcraw (AHD), LibRaw's dcraw_emu
# (DHT and AAHD), RawTherapee (AMaZE, neutral profile) and darktable (no workflow defaults).
# Tools that are not installed are skipped (Debian: dcraw libraw-bin rawtherapee darktable).
#
# Usage: scripts/compare_peers.sh ISPSIM OUTDIR ISO SCENE:WxH [SCENE:WxH ...]
#   e.g. scripts/compare_peers.sh build/apps/ispsim /tmp/peers 100 chart:1024x768 photo.png:600x400
# The exposure is 10 ms x 100 / ISO (the same image brightness at every ISO, more noise).
# Prints one line per scene and developer: "scene developer CPSNR".
set -euo pipefail
ispsim=$(realpath "$1") out=$2 iso=$3
shift 3
mkdir -p "$out"
cd "$out"
printf '[Version]\nAppVersion=5.9\nVersion=346\n\n[RAW Bayer]\nMethod=amaze\nBorder=0\n' > amaze.pp3
printf '[Version]\nAppVersion=5.9\nVersion=346\n\n[RAW Bayer]\nMethod=amaze\nBorder=0\n\n[Directional Pyramid Denoising]\nEnabled=true\n' > amaze_denoise.pp3
score() {  # NAME IMAGE
  printf '%s %s %s\n' "$scene" "$1" \
    "$("$ispsim" iq --truth "$scene-srgb.tif" --test "$2" --border 8 | sed -n 's/.*CPSNR \([0-9.]*\) dB.*/\1/p')"
}
have() { command -v "$1" > /dev/null; }
for spec in "$@"; do
  source=${spec%:*} size=${spec##*:}
  scene=$(basename "${source%.*}")
  "$ispsim" sensor --scene "$source" --size "$size" --iso "$iso" --dng "$scene.dng" \
    --exposure "$(awk -v iso="$iso" 'BEGIN { print 0.01 * 100 / iso }')" --truth "$scene" > /dev/null
  for method in edge mhc; do
    "$ispsim" run --raw "$scene.dng" --demosaic "$method" --dump-after gamma \
      --out "$scene-ispsim-$method" > /dev/null
    score "ispsim-$method" "$scene-ispsim-$method/frame.png"
    score "ispsim-$method-rgb" "$scene-ispsim-$method/after_gamma.png"
  done
  if have dcraw; then
    dcraw -c -q 3 -w -W -o 1 -g 2.4 12.92 -T "$scene.dng" > "$scene-dcraw-ahd.tiff"
    score dcraw-ahd "$scene-dcraw-ahd.tiff"
    for threshold in 200 400 800 1600; do
      dcraw -c -q 3 -w -W -o 1 -g 2.4 12.92 -n "$threshold" -T "$scene.dng" \
        > "$scene-dcraw-n$threshold.tiff"
      score "dcraw-ahd-n$threshold" "$scene-dcraw-n$threshold.tiff"
    done
  fi
  if have dcraw_emu; then
    for q in 11 12; do
      dcraw_emu -q "$q" -w -W -o 1 -g 2.4 12.92 -T -Z "$scene-libraw-q$q.tiff" "$scene.dng"
      score "libraw-$([ "$q" = 11 ] && echo dht || echo aahd)" "$scene-libraw-q$q.tiff"
    done
  fi
  if have rawtherapee-cli; then
    for profile in amaze amaze_denoise; do
      rawtherapee-cli -o "$scene-rt-$profile.tif" -t -b8 -Y -p "$profile.pp3" -c "$scene.dng" \
        > /dev/null 2>&1
      score "rawtherapee-$profile" "$scene-rt-$profile.tif"
    done
  fi
  if have darktable-cli; then
    darktable-cli "$scene.dng" "$scene-darktable.tif" --core --configdir "$PWD/darktable-config" \
      --conf plugins/darkroom/workflow=none --conf plugins/imageio/format/tiff/bpp=8 \
      > /dev/null 2>&1
    score darktable "$scene-darktable.tif"
  fi
done
