#!/bin/sh
# check.sh - render every sample page through its stylesheet and check the HTML.
# usage: sh tests/xslt-samples/check.sh [OUTDIR]   (from anywhere; default OUTDIR /tmp/tandem-xslt)
# Samples are NAME.xml (one per page name) and NAME--variant.xml; the stylesheet is
# chosen from /page/@name. Fails when a stylesheet errors, the HTML does not parse,
# a banned construct appears, data escapes unescaped, a POST form lacks the csrf
# field, ids repeat or a label points at nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-/tmp/tandem-xslt}
mkdir -p "$out"
fail=0

# page name -> stylesheet
sheet_for() {
	case "$1" in
	error) echo error.xsl ;;
	login) echo login.xsl ;;
	dashboard) echo dashboard.xsl ;;
	client|client-*) echo clients.xsl ;;
	project|project-*) echo projects.xsl ;;
	user-*) echo users.xsl ;;
	portal|portal-*) echo portal.xsl ;;
	*) echo "" ;;
	esac
}

# rules the stylesheets must keep (see xslt/layout.xsl); the e-mails' (mail*.xsl) carry
# inline styles, as mail clients read no stylesheet, and have a frame of their own
banned='disable-output-escaping=|="[^"]*document\(|extension-element-prefixes|xmlns:(exsl|str|func|dyn|date|math|set|saxon)='
pages=$(ls "$root"/xslt/*.xsl | grep -v '/mail[^/]*\.xsl$')
# shellcheck disable=SC2086
if grep -nE "$banned"'|<[a-zA-Z][^>]* style=|<style|name="style"' $pages ||
   grep -nE "$banned" "$root"/xslt/mail*.xsl; then
	echo "FAIL: banned construct in xslt/" >&2; fail=1
fi

for xsl in $pages; do
	case "$xsl" in */layout.xsl) continue ;; esac
	# a part (frame.xsl, forms.xsl, ...) is included or imported by another sheet, not a page family
	if grep -qE "<xsl:(include|import) href=\"$(basename "$xsl")\"" "$root"/xslt/*.xsl; then continue; fi
	if ! grep -q '<xsl:import href="layout.xsl"/>' "$xsl"; then
		echo "FAIL: $(basename "$xsl") does not import layout.xsl" >&2; fail=1
	fi
done

for xml in "$here"/*.xml; do
	name=$(xmllint --xpath 'string(/page/@name)' "$xml")
	base=$(basename "$xml" .xml)
	before=$fail
	xsl=$(sheet_for "$name")
	if [ -z "$xsl" ]; then echo "FAIL: $base: no stylesheet for page '$name'" >&2; fail=1; continue; fi
	if ! xsltproc --nonet "$root/xslt/$xsl" "$xml" >"$out/$base.html" 2>"$out/$base.err" || [ -s "$out/$base.err" ]; then
		echo "FAIL: $base: xsltproc" >&2; cat "$out/$base.err" >&2; fail=1; continue
	fi
	if ! xmllint --html --noout "$out/$base.html" 2>"$out/$base.lint"; then :; fi
	# libxml2's HTML parser does not know HTML5 elements; ignore only those complaints
	if grep 'parser error :' "$out/$base.lint" \
	   | grep -v 'Tag \(main\|nav\|header\|footer\|section\|article\|aside\|svg\|rect\|circle\|path\|time\|progress\|meter\|details\|summary\) invalid' \
	   | grep -q .; then
		echo "FAIL: $base: xmllint --html" >&2; cat "$out/$base.lint" >&2; fail=1
	fi
	if grep -q '<script>alert' "$out/$base.html"; then
		echo "FAIL: $base: unescaped <script> from data" >&2; fail=1
	fi
	if grep -q ' style=' "$out/$base.html"; then
		echo "FAIL: $base: style attribute in output" >&2; fail=1
	fi
	if ! python3 - "$out/$base.html" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
bad = []
for form in re.findall(r"<form[^>]*>.*?</form>", s, re.S):
    head = re.match(r"<form[^>]*>", form).group(0)
    if 'method="post"' in head and 'action="/login"' not in head and 'name="csrf"' not in form:
        bad.append("POST form without csrf: " + head)
ids = re.findall(r' id="([^"]+)"', s)
bad += ["duplicate id " + i for i in sorted(set(ids)) if ids.count(i) > 1]
bad += ["label for missing id " + f for f in re.findall(r'<label for="([^"]+)"', s) if f not in ids]
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
	then
		echo "FAIL: $base: structure" >&2; fail=1
	fi
	[ "$fail" = "$before" ] && echo "ok   $base ($xsl)"
done
exit $fail
