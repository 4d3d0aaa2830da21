package lint

import (
	"reflect"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/internal/testfiles"
)

// sameAsOld fails t when Scan and the scan as it was before its
// single-pass prefilter (oldScan) disagree about text.
func sameAsOld(t *testing.T, text string) {
	t.Helper()
	if got, want := Scan(text), oldScan(text); !reflect.DeepEqual(got, want) {
		t.Errorf("Scan(%q)\n got %+v\nwant %+v", text, got, want)
	}
}

// clueTexts holds, for every clue, texts that hold it, just miss it,
// hold it in another case or written with the characters that
// strings.ToLower turns into ASCII (İ, the Kelvin sign) or that the
// regexps' case folding matches (ſ), at a line start and not.
func clueTexts() []string {
	words := []string{
		"10.0.3.7", "10.0.3", "1.2.3.4.5", "v1.2.3.4", "fe80::1%eth0", "2001:db8::42", "::1", "a:b", "10:05:00", "Note: see: this",
		"db1.corp", "db1.CORP", "db1.Corp.example.com", "x.internal", "x.INTERNAL", "x.local", "x.localdomain", "x.lan", "x.intra", "x.intranet", "x.private", "x.home.arpa", "x.HOME.ARPA", "xhome.arpa",
		"at com.example.Foo.bar(Foo.java:42)", "  at handler (/app/server.js:10:15)", "\tat x:1:2", "That at x:1:2",
		"Traceback (most recent call last)", "  File \"app.py\", line 3", "goroutine 1 [running]:", "\t/src/main.go:12 +0x1d", "panic: runtime error",
		"  from app.rb:3:in `x'", "  at Foo.Bar() in Foo.cs:line 12", "Exception in thread \"main\"",
		"NullPointerException", "TimeoutError", "Error rates", "9Error", "xException",
		"-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----",
		"AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "AIPAIOSFODNN7EXAMPLE", "AKIAshort",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
		"ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gho_abcdefghijklmnopqrstuvwxyz0123456789", "github_pat_abcdefghijklmnopqrstuvwxyz0123456789",
		"xoxb-1234567890-abcdef", "sk_live_abcdefghijklmnop1234", "rk_test_abcdefghijklmnop1234", "AIzaSyA1234567890abcdefghijklmnopqrstuv",
		"sk-abcdefghijklmnopqrstuvwxyz", "glpat-abcdefghijklmnopqrst",
		"api_key=sk29d8f7g6h5", "API-KEY: 8f3kQ9xx", "secret = \"hunter22\"", "SECRET=abc123def", "token: 8f3kQ9xx", "TOKEN: expired",
		"password = 12345678", "PASSWD=1234567", "access_key=abcd1234", "accesskey:1234567",
		"Bearer abcDEF123456ghiJKL789", "BEARER abcDEF123456ghiJKL789xx",
		"https://admin:hunter2@db.example.com/", "HTTPS://admin:hunter2@db.example.com/", "http://example.com/",
		"9fK2mQ7xL4pR8vT1nB6cW3zY5hJ0sD2gA8", "3f9a1c2b7e4d5f6a8b9c0d1e2f3a4b5c6d7e8f90", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		// Characters that lower-case into ASCII, and one the regexps fold.
		"api_\u212Aey=8f3kQ9xx", "to\u212Aen: 8f3kQ9xx", "x.\u0130nternal", "db1.\u0130ntra", "\u017Fecret=abc123def to\u212Aen",
		"\u017Fecret=abc123def \u0130", "\u017Fecret=abc123def token", "x.loc\u0130l", "bearer \u212A123456789012345678",
	}
	var out []string
	for _, w := range words {
		out = append(out, w, "x "+w+" y", "ノード"+w+"が停止", w+"\n"+w, "line\n"+w, strings.ToUpper(w), strings.ToLower(w), w[:len(w)/2], w[len(w)/2:])
	}
	return out
}

func TestScanSameAsOldClues(t *testing.T) {
	for _, text := range clueTexts() {
		sameAsOld(t, text)
	}
}

// TestScanSameAsOldFixtures compares the scans over the repository's
// test files (sites, incidents, txtar archives), whole and line by line.
func TestScanSameAsOldFixtures(t *testing.T) {
	for _, f := range testfiles.All(t, "../..", 50) {
		sameAsOld(t, f.Text)
		for line := range strings.Lines(f.Text) {
			sameAsOld(t, line)
		}
	}
}

// TestScanSameAsOldSynthetic compares the scans over the public texts
// of the synthetic site the build benchmarks use.
func TestScanSameAsOldSynthetic(t *testing.T) {
	for _, in := range syntheticIncidents(t, 300) {
		for _, text := range in.Texts {
			sameAsOld(t, text.Text)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, text := range clueTexts() {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sameAsOld(t, text)
	})
}
