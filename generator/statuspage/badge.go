package statuspage

import (
	"fmt"
	"html"
	"math"
	"strings"
	"unicode"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/status"
)

// Badge file names: badge.svg at the root and in each component's folder;
// the shields.io endpoint JSON at api/shields.json and
// components/<id>/shields.json.
const (
	BadgeFile   = "badge.svg"
	ShieldsFile = "shields.json"
)

// Colors of the badge backgrounds. White text on each of them has a
// contrast of at least 4.5:1 (WCAG AA).
const (
	labelColor = "#555555"
	textColor  = "#ffffff"
)

// LevelColor is the badge background of a level.
func LevelColor(l status.Level) string {
	switch l {
	case status.Degraded:
		return "#9a6700"
	case status.Maintenance:
		return "#0969da"
	case status.Partial:
		return "#bc4c00"
	case status.MajorOutage:
		return "#cf222e"
	}
	return "#1a7f37"
}

// shields is the shields.io endpoint format (schemaVersion 1).
type shields struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
	LabelColor    string `json:"labelColor"`
}

// badges declares the badges of the site and of each component, which
// depend on the level they show.
func badges(outs []rebuild.Output, m *status.Model, text *i18n.Catalog) []rebuild.Output {
	outs = badge(outs, BadgeFile, "api/"+ShieldsFile, text.T("badge_label"), m.Overall, text)
	for _, c := range m.Components {
		dir := "components/" + c.ID + "/"
		outs = badge(outs, dir+BadgeFile, dir+ShieldsFile, c.Name, c.Level, text)
	}
	return outs
}

func badge(outs []rebuild.Output, svgName, jsonName, label string, l status.Level, text *i18n.Catalog) []rebuild.Output {
	msg := text.Status(string(l))
	deps := rebuild.Deps{Extra: string(l)}
	return append(outs,
		rebuild.Output{Name: svgName, Deps: deps, Make: rebuild.Bytes(func() ([]byte, error) { return Badge(label, msg, LevelColor(l)), nil })},
		rebuild.Output{Name: jsonName, Deps: deps, Make: rebuild.Bytes(func() ([]byte, error) {
			return marshal(shields{
				SchemaVersion: 1,
				Label:         label,
				Message:       msg,
				Color:         strings.TrimPrefix(LevelColor(l), "#"),
				LabelColor:    strings.TrimPrefix(labelColor, "#"),
			})
		})})
}

// Badge draws a flat two-part badge, label on grey and message on color,
// in the style of shields.io. The widths come from the text; textLength
// makes the text fit them whatever font the reader has, so no font is
// fetched and Japanese text cannot overflow.
func Badge(label, message, color string) []byte {
	lw, mw := textWidth(label)+10, textWidth(message)+10
	title := html.EscapeString(label + ": " + message)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s">`+"\n", lw+mw, title)
	fmt.Fprintf(&b, "<title>%s</title>\n", title)
	fmt.Fprintf(&b, `<rect width="%d" height="20" fill="%s"/>`+"\n", lw, labelColor)
	fmt.Fprintf(&b, `<rect x="%d" width="%d" height="20" fill="%s"/>`+"\n", lw, mw, color)
	fmt.Fprintf(&b, `<g fill="%s" text-anchor="middle" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11">`+"\n", textColor)
	fmt.Fprintf(&b, `<text x="%.1f" y="14" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", float64(lw)/2, lw-10, html.EscapeString(label))
	fmt.Fprintf(&b, `<text x="%.1f" y="14" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", float64(lw)+float64(mw)/2, mw-10, html.EscapeString(message))
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// textWidth estimates the width in pixels of s in 11px Verdana; wide
// (CJK) characters take a full em.
func textWidth(s string) int {
	w := 0.0
	for _, r := range s {
		switch {
		case isWide(r):
			w += 11
		case r == ' ':
			w += 3.9
		case strings.ContainsRune("fijlrtI.,:;!'|()[]", r):
			w += 4.2
		case strings.ContainsRune("mwMW", r):
			w += 10.7
		case unicode.IsUpper(r):
			w += 7.6
		case unicode.IsDigit(r):
			w += 7
		default:
			w += 6.6
		}
	}
	return int(math.Ceil(w))
}

// isWide reports whether r is an East Asian wide or fullwidth character.
func isWide(r rune) bool {
	return r >= 0x1100 && r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 ||
		r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6 ||
		r >= 0x20000 && r <= 0x3fffd
}
