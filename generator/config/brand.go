package config

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/statuspress/statuspress/generator/diag"
)

// Brand is the [brand] table of site.toml: what makes the page the
// company's own. Every field is optional; the zero Brand is the plain
// theme.
type Brand struct {
	Logo     *Asset // shown in the header instead of the title text
	LogoDark *Asset // the logo on a dark background; Logo when nil
	Favicon  *Asset // the theme's icon when nil
	// Color is the brand colour as "#rrggbb" (the header's background);
	// OnColor is the text colour on it, black or white, whichever has
	// the higher contrast, so every colour stays readable.
	Color, OnColor string
	Links          []Link // header links, in file order
	Footer         string // a line of text in every page's footer
}

// Asset is a file of the site folder that the pages show.
type Asset struct {
	Name string // as written, relative to content/
	Type string // media type: image/svg+xml, image/png, image/x-icon
	Data []byte
	// Width and Height are the image's size in CSS pixels when known
	// (a PNG's header, an SVG's width/height or viewBox), so the page
	// does not move when it loads; 0 when not known.
	Width, Height int
}

// Link is one header link.
type Link struct {
	Name, URL string
}

// MaxAsset is the largest logo or favicon read: a status page must load
// fast during an outage, and a logo is shown on every page.
const MaxAsset = 100 << 10

var (
	brandKeys  = []string{"logo", "logo_dark", "favicon", "color", "links", "footer"}
	linkKeys   = []string{"name", "url"}
	hexColor   = regexp.MustCompile(`^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$`)
	assetTypes = map[string]string{".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}
)

// brand reads [brand]; the files it names are read from fsys under
// content/ (a nil fsys reads none: Parse alone checks only the text).
func brand(t *Table, fsys fs.FS, diags *diag.List) Brand {
	var b Brand
	v, ok := t.mark("brand")
	if !ok {
		return b
	}
	m, ok := v.(map[string]any)
	if !ok {
		diags.Errorf(t.KeyPos("brand"), "brand must be a table: write [brand] on its own line, then logo = \"logo.svg\" and the other keys below it")
		return b
	}
	bt := t.Sub(m, "brand.", headerLine(t, "brand."))
	b.Logo = asset(bt, fsys, "logo", false)
	b.LogoDark = asset(bt, fsys, "logo_dark", false)
	b.Favicon = asset(bt, fsys, "favicon", true)
	if b.LogoDark != nil && b.Logo == nil && !bt.Has("logo") {
		diags.Errorf(bt.KeyPos("logo_dark"), "logo_dark is the logo for dark mode, but there is no logo: add logo = \"logo.svg\" for light mode too")
	}
	if bt.Has("color") {
		c := bt.String("color")
		if !hexColor.MatchString(c) {
			diags.Errorf(bt.ValuePos("color"), "color %q is not a colour: write it as # and six hex digits, like color = \"#5b2bd6\"", c)
		} else {
			b.Color = expandHex(strings.ToLower(c))
			b.OnColor = OnColor(b.Color)
		}
	}
	b.Footer = bt.String("footer")
	for _, lt := range bt.Tables("links") {
		lt.Require("name", "url")
		l := Link{Name: lt.String("name"), URL: lt.String("url")}
		lt.CheckUnknown(linkKeys)
		if l.Name == "" || l.URL == "" {
			continue
		}
		if u, err := url.Parse(l.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto") || (u.Scheme != "mailto" && u.Host == "") {
			diags.Errorf(lt.ValuePos("url"), "link url %q must be a full address starting with https://, http:// or mailto:", l.URL)
			continue
		}
		b.Links = append(b.Links, l)
	}
	bt.CheckUnknown(brandKeys)
	return b
}

// asset reads the file named by key, reporting at the value what is wrong.
func asset(t *Table, fsys fs.FS, key string, ico bool) *Asset {
	if !t.Has(key) {
		return nil
	}
	name := t.String(key)
	if name == "" {
		return nil
	}
	pos := t.ValuePos(key)
	ext := strings.ToLower(path.Ext(name))
	typ, ok := assetTypes[ext]
	if !ok || (ext == ".ico" && !ico) {
		want := "an .svg or .png file"
		if ico {
			want = "an .svg, .png or .ico file"
		}
		t.Diags.Errorf(pos, "%s %q must be %s", key, name, want)
		return nil
	}
	if !fs.ValidPath(name) || strings.HasPrefix(name, "incidents/") || strings.Contains(name, "\\") {
		t.Diags.Errorf(pos, "%s %q must be a file name inside the content folder, like %q", key, name, strings.TrimSuffix(key, "_dark")+ext)
		return nil
	}
	if fsys == nil {
		return &Asset{Name: name, Type: typ}
	}
	data, err := readFile(fsys, "content/"+name, MaxAsset)
	switch {
	case errors.Is(err, errTooBig):
		t.Diags.Errorf(pos, "%s %q is larger than %d KB: every page loads it, so make it smaller (an SVG, or a PNG of at most 2x the shown size)", key, name, MaxAsset>>10)
		return nil
	case err != nil:
		t.Diags.Errorf(pos, "%s %q cannot be read: put the file in the content folder, next to site.toml", key, "content/"+name)
		return nil
	}
	a := &Asset{Name: name, Type: typ, Data: data}
	a.Width, a.Height = imageSize(typ, data)
	return a
}

// imageSize reads the size of a PNG from its header, or of an SVG from
// its width and height or viewBox.
func imageSize(typ string, data []byte) (w, h int) {
	switch typ {
	case "image/png":
		if len(data) >= 24 && string(data[1:4]) == "PNG" {
			return int(be32(data[16:])), int(be32(data[20:]))
		}
	case "image/svg+xml":
		head := string(data[:min(len(data), 2048)])
		i := strings.Index(head, "<svg")
		if i < 0 {
			return 0, 0
		}
		tag, _, _ := strings.Cut(head[i:], ">")
		w, h = svgLength(tag, "width"), svgLength(tag, "height")
		if w > 0 && h > 0 {
			return w, h
		}
		if f := strings.Fields(svgAttr(tag, "viewBox")); len(f) == 4 {
			vw, err1 := strconv.ParseFloat(f[2], 64)
			vh, err2 := strconv.ParseFloat(f[3], 64)
			if err1 == nil && err2 == nil && vw > 0 && vh > 0 {
				return int(math.Round(vw)), int(math.Round(vh))
			}
		}
	}
	return 0, 0
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func svgAttr(tag, name string) string {
	i := strings.Index(tag, " "+name+"=")
	if i < 0 {
		return ""
	}
	rest := tag[i+len(name)+2:]
	if rest == "" {
		return ""
	}
	q := rest[0]
	if q != '"' && q != '\'' {
		return ""
	}
	v, _, _ := strings.Cut(rest[1:], string(q))
	return v
}

func svgLength(tag, name string) int {
	v := strings.TrimSuffix(svgAttr(tag, name), "px")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 {
		return 0
	}
	return int(math.Round(f))
}

func expandHex(c string) string {
	if len(c) == 4 {
		return string([]byte{'#', c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	return c
}

// OnColor returns the text colour for a background of colour c
// ("#rrggbb"): black or white, whichever contrasts more by the WCAG
// formula. The worse of the two best cases is 4.58:1, so text on any
// brand colour meets WCAG AA (4.5:1); a softer black would not.
func OnColor(c string) string {
	l := Luminance(c)
	if Contrast(l, 0) >= Contrast(l, 1) {
		return "#000000"
	}
	return "#ffffff"
}

// Luminance is the WCAG relative luminance of "#rrggbb".
func Luminance(c string) float64 {
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			rgb[i] = s / 12.92
		} else {
			rgb[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

// Contrast is the WCAG contrast ratio of two luminances.
func Contrast(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// String describes an asset for test dumps.
func (a *Asset) String() string {
	if a == nil {
		return "none"
	}
	return fmt.Sprintf("%s (%s, %d bytes, %dx%d)", a.Name, a.Type, len(a.Data), a.Width, a.Height)
}
