package source

import (
	"fmt"
	"strings"

	"github.com/statuspress/statuspress/generator/diag"
)

// The limits that keep the cost of any incident file small. Each is
// checked on the text before the work it bounds (the TOML decoder,
// goldmark, rendering): without them 100 KB of nested tables took 73 s
// and 15 GB, a deep list 25 s, 100,000 updates 69 s and one incident in
// 2,000 components 12.7 s. Real incidents stay far below every one.
const (
	// MaxFileSize is the largest incident file read, in bytes.
	MaxFileSize = 256 << 10
	// MaxFrontMatter is the largest front matter, in bytes.
	MaxFrontMatter = 64 << 10
	// MaxUpdates is the most update headings one file may hold.
	MaxUpdates = 1000
	// MaxScope is the most components one incident may list: every
	// component's page and feeds show the incident with its scope.
	MaxScope = 200
	// MaxMarkdownDepth bounds how deeply lists and quotes nest on a
	// line: each "-", "*", "+", "1." or ">" counts one level, and every
	// four columns of indentation one more.
	MaxMarkdownDepth = 32
	// MaxLinksPerLine bounds the "](" of links on one line: goldmark
	// looks for the end of each link to the end of the line.
	MaxLinksPerLine = 200
)

// checkSize refuses a file larger than MaxFileSize.
func checkSize(file string, size int, diags *diag.List) bool {
	if size <= MaxFileSize {
		return true
	}
	diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "the file is %s, over the limit of %s for one incident: move the postmortem to a page of its own, or split the incident into two files", kb(size), kb(MaxFileSize))
	return false
}

func kb(n int) string { return fmt.Sprintf("%d KB", (n+1023)>>10) }

// checkFront refuses front matter (lines[1:end]) larger than
// MaxFrontMatter.
func checkFront(file string, lines []string, end int, diags *diag.List) bool {
	size := 0
	for i := 1; i < end; i++ {
		size += len(lines[i]) + 1
		if size > MaxFrontMatter {
			diags.Errorf(diag.Pos{File: file, Line: i + 1, Col: 1}, "the front matter (between the +++ lines) is over %s from this line on: keep only the incident's settings there, and put long text in the updates below", kb(MaxFrontMatter))
			return false
		}
	}
	return true
}

// checkBody scans the body (lines from start) for what would make
// goldmark or the pages slow: more than MaxUpdates update headings,
// lists and quotes nested deeper than MaxMarkdownDepth, or more than
// MaxLinksPerLine links on a line. Fenced code is scanned too: a
// fence that goldmark reads differently must not hide anything. It
// returns the number of level-2 headings too.
func checkBody(file string, lines []string, start int, diags *diag.List) (int, bool) {
	ok, deep, linky := true, false, false
	updates := 0
	for i := start; i < len(lines); i++ {
		line := lines[i]
		if _, isH2 := h2(line); isH2 {
			updates++
			if updates == MaxUpdates+1 {
				diags.Errorf(diag.Pos{File: file, Line: i + 1, Col: 1}, "more than %d update headings in one file: start a new incident file for a new problem, or merge small updates", MaxUpdates)
				ok = false
			}
		}
		if depth, col := markdownDepth(line); depth > MaxMarkdownDepth && !deep {
			deep = true // the first place says it: the lines below are alike
			diags.Errorf(diag.Pos{File: file, Line: i + 1, Col: col}, "lists or quotes nested more than %d levels deep here: statuspress reads at most %d; flatten the list, or remove the indentation", MaxMarkdownDepth, MaxMarkdownDepth)
			ok = false
		}
		if n := strings.Count(line, "]("); n > MaxLinksPerLine && !linky {
			linky = true
			diags.Errorf(diag.Pos{File: file, Line: i + 1, Col: 1}, "%d links on one line, over the limit of %d: split the line", n, MaxLinksPerLine)
			ok = false
		}
	}
	return updates, ok
}

// markdownDepth estimates how deeply line nests lists and block quotes:
// one level for each marker at its start, and one for each four columns
// of indentation (a tab counts four). It returns the estimate and the
// column (1-based; the prefix is ASCII) where it passes the limit.
func markdownDepth(line string) (depth, col int) {
	line = strings.TrimRight(line, " \t") // a blank line nests nothing
	markers, width := 0, 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ':
			width++
			i++
		case c == '\t':
			width += 4
			i++
		case c == '>':
			markers++
			i++
		case (c == '-' || c == '*' || c == '+') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
			markers++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				markers++
				i = j + 1
				continue
			}
			return markers + width/4, i + 1
		default:
			return markers + width/4, i + 1
		}
		if markers+width/4 > MaxMarkdownDepth {
			return markers + width/4, i
		}
	}
	return markers + width/4, len(line) + 1
}

// checkScope refuses an incident listing more than MaxScope components.
func checkScope(in *Incident, diags *diag.List) {
	if len(in.Scope) > MaxScope {
		pos, _ := in.KeyPos("scope")
		diags.Errorf(pos, "scope lists %d components, over the limit of %d: for an outage of nearly everything, list the main components, or add a component such as \"all-services\" to site.toml", len(in.Scope), MaxScope)
		in.Scope = in.Scope[:MaxScope]
	}
}
