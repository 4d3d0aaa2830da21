package browsertest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPrint prints an incident page and the home page: the navigation,
// footer and subscribe links are gone, the timeline stays, and the PDF is
// written to the output folder.
func TestPrint(t *testing.T) {
	sv := serve(t, sites["ja"])
	tb := newTab(t, view{now: jst(23, 10, 7)})
	display := func(sel string) string {
		return tb.str(`(e => e ? getComputedStyle(e).display : "absent")(document.querySelector("` + sel + `"))`)
	}
	media := func(m string) {
		tb.do(call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m}))
	}
	for _, p := range []string{"incidents/2026-11-23-login-failure/", "incidents/2026-11-23-storage-maintenance/", ""} {
		tb.open(sv.url(p))
		media("print")
		for _, sel := range []string{"header.site nav", "footer.site", ".skip", ".rt", ".ics", "#subscribe"} {
			if d := display(sel); d != "none" && d != "absent" {
				t.Errorf("%s: %s prints (display %s)", p, sel, d)
			}
		}
		if p != "" {
			for _, sel := range []string{"h1", ".timeline", ".facts", ".workaround"} {
				if d := display(sel); d == "none" {
					t.Errorf("%s: %s does not print", p, sel)
				}
			}
		}
		media("")
	}

	tb.open(sv.url("incidents/2026-11-23-login-failure/"))
	pdf, err := chromedp.Run(tb.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 20)])
	}
	file := filepath.Join(outDir, "ja", "incident-print.pdf")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
}

// TestKeyboardFocus tabs through the start of the home page: the skip
// link comes first and shows on screen, and every focused element has a
// visible outline.
func TestKeyboardFocus(t *testing.T) {
	sv := serve(t, sites["en"])
	tb := newTab(t, view{now: jst(23, 10, 7)})
	tb.open(sv.url(""))
	focused := `(e => e.tagName + " " + e.textContent.trim().slice(0, 30) + " | " + getComputedStyle(e).outlineStyle + " " + getComputedStyle(e).outlineWidth + " | " + Math.round(e.getBoundingClientRect().left))(document.activeElement)`
	for i := range 12 {
		tb.do(chromedp.KeyEvent("\t"))
		got := tb.str(focused)
		desc, style, _ := strings.Cut(got, " | ")
		if i == 0 && !strings.HasPrefix(desc, "A Skip to content") {
			t.Errorf("first tab stop is %q, want the skip link", desc)
		}
		outline, left, _ := strings.Cut(style, " | ")
		if !strings.HasPrefix(outline, "solid ") || outline == "solid 0px" {
			t.Errorf("tab stop %d (%s): outline %q, want a visible one", i, desc, outline)
		}
		if strings.HasPrefix(left, "-") {
			t.Errorf("tab stop %d (%s) is off screen (left %s)", i, desc, left)
		}
	}
}
