#!/usr/bin/env bash
# Renders what people read, as they will see it: every .docx report of the demo run through
# LibreOffice to PDF (and its pages to PNG), and overview.html through headless Chromium.
# Installs the Debian packages it needs when they are missing. Leaves the rendered pages in
# ${RENDER_OUT:-/tmp/hecha-render} for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
out="${RENDER_OUT:-/tmp/hecha-render}"
rm -rf "$out"
mkdir -p "$out/pdf"
go run ./cmd/hecha run --out "$out/run" --store "$out/hecha.duckdb" --log-level warn >/dev/null
shopt -s nullglob
reports=("$out"/run/reports/*.docx)
[ ${#reports[@]} -gt 1 ] || { echo "no reports written" >&2; exit 1; }
soffice --headless --convert-to pdf --outdir "$out/pdf" "${reports[@]}" >/dev/null 2>&1
for r in "${reports[@]}"; do
  pdf="$out/pdf/$(basename "${r%.docx}").pdf"
  [ -s "$pdf" ] || { echo "LibreOffice did not convert $r" >&2; exit 1; }
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  [ "${pages:-0}" -ge 2 ] || { echo "$pdf has ${pages:-0} pages: the report is cut short" >&2; exit 1; }
  text=$(pdftotext "$pdf" - | tr -d ' \n')
  for want in 机构和人员编制核查情况 一、机构和人员编制具体情况 二、核查中反映的主要问题及处理情况 三、对上报核查信息的承诺 特此报告; do
    case "$text" in *"$want"*) ;; *) echo "$pdf lacks $want" >&2; exit 1 ;; esac
  done
done
pdftoppm -png -r 50 "$out/pdf/$(basename "${reports[0]%.docx}").pdf" "$out/pdf/summary"
echo "LibreOffice: ${#reports[@]} reports converted to PDF"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$out/chromium")
timeout 120 chromium "${flags[@]}" --window-size=1280,2400 --screenshot="$out/overview.png" "file://$out/run/overview.html" >/dev/null 2>&1
[ -s "$out/overview.png" ] || { echo "Chromium did not render overview.html" >&2; exit 1; }
dom=$(timeout 120 chromium "${flags[@]}" --dump-dom "file://$out/run/overview.html" 2>/dev/null)
case "$dom" in *机构和人员编制核查概览*) ;; *) echo "overview.html rendered without its title" >&2; exit 1 ;; esac
echo "Chromium: overview.html rendered ($out/overview.png)"
