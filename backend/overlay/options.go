package overlay

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// Option is one row of web/options.json, the one table of overlay options
// that the page, this server and the window's builder all read.
type Option struct {
	Name      string   `json:"name"`
	Type      string   `json:"type"` // choice, color, int, text, zones
	Default   any      `json:"default"`
	Min       int      `json:"min,omitempty"`
	Max       int      `json:"max,omitempty"`
	MaxLength int      `json:"max_length,omitempty"`
	Pattern   string   `json:"pattern,omitempty"`
	Choices   []Choice `json:"choices,omitempty"`
	Styles    []string `json:"styles,omitempty"` // the looks it applies to; empty: all
	Label     string   `json:"label"`
	Help      string   `json:"help"`
	pattern   *regexp.Regexp
}

// Choice is one value of a choice option.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Help  string `json:"help,omitempty"`
	// Width and Height: the Browser Source size that fits a look at the
	// default text size (style only).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
}

// DefaultString is the default as it would appear in a URL.
func (o Option) DefaultString() string {
	switch d := o.Default.(type) {
	case float64:
		return strconv.Itoa(int(d))
	case string:
		return d
	}
	return fmt.Sprint(o.Default)
}

// Options is the whole table, as embedded in the binary.
var Options = loadOptions()

func loadOptions() []Option {
	data, err := webFS.ReadFile("web/options.json")
	if err != nil {
		panic("overlay: the options table is missing: " + err.Error())
	}
	var table struct{ Options []Option }
	if err := json.Unmarshal(data, &table); err != nil {
		panic("overlay: the options table is not valid JSON: " + err.Error())
	}
	for i := range table.Options {
		if p := table.Options[i].Pattern; p != "" {
			table.Options[i].pattern = regexp.MustCompile(p)
		}
	}
	return table.Options
}

// optionsJSON is the table as the page receives it.
func optionsJSON() []byte {
	data, _ := webFS.ReadFile("web/options.json")
	return data
}

func option(name string) (Option, bool) {
	i := slices.IndexFunc(Options, func(o Option) bool { return o.Name == name })
	if i < 0 {
		return Option{}, false
	}
	return Options[i], true
}

var hexColor = regexp.MustCompile(`^([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)
var digits = regexp.MustCompile(`^\d{1,4}$`)
var zone = regexp.MustCompile(`^(\d{1,3}):([0-9a-fA-F]+)$`)

// Valid reports whether value is allowed for the option name, by the same
// rules as the page's JavaScript (web/options-cases.json holds cases that
// both must judge alike).
func Valid(name, value string) bool {
	o, ok := option(name)
	if !ok {
		return false
	}
	switch o.Type {
	case "choice":
		return slices.ContainsFunc(o.Choices, func(c Choice) bool { return c.Value == value })
	case "color":
		return hexColor.MatchString(value)
	case "int":
		n, err := strconv.Atoi(value)
		return digits.MatchString(value) && err == nil && n >= o.Min && n <= o.Max
	case "text":
		// Counted in UTF-16 units, as the page's JavaScript counts them.
		return len(utf16.Encode([]rune(value))) <= o.MaxLength && (o.pattern == nil || o.pattern.MatchString(value))
	case "zones":
		return validZones(value)
	}
	return false
}

func validZones(v string) bool {
	if v == "" {
		return true
	}
	parts := strings.Split(v, ",")
	if len(parts) > 8 {
		return false
	}
	for _, p := range parts {
		m := zone.FindStringSubmatch(p)
		if m == nil || !hexColor.MatchString(m[2]) {
			return false
		}
		if n, _ := strconv.Atoi(m[1]); n < heartrate.MinBPM || n > heartrate.MaxBPM {
			return false
		}
	}
	return true
}

// Look is an overlay's options: name → value as in a URL. Options left out
// take their defaults.
type Look map[string]string

// CheckLook keeps the valid, non-default options of l, and says in a
// sentence what it dropped and why.
func CheckLook(l map[string]string) (Look, []string) {
	out := Look{}
	var problems []string
	names := make([]string, 0, len(l))
	for k := range l {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		v := l[k]
		o, known := option(k)
		switch {
		case !known:
			problems = append(problems, fmt.Sprintf("%q is not an overlay option", k))
		case !Valid(k, v):
			problems = append(problems, fmt.Sprintf("%s=%q is not allowed (%s)", k, v, o.rule()))
		case v != o.DefaultString():
			out[k] = v
		}
	}
	return out, problems
}

// rule says in words what an option accepts.
func (o Option) rule() string {
	switch o.Type {
	case "choice":
		vals := make([]string, len(o.Choices))
		for i, c := range o.Choices {
			vals[i] = c.Value
		}
		return "one of " + strings.Join(vals, ", ")
	case "color":
		return "a colour as 3, 6 or 8 hex digits"
	case "int":
		return fmt.Sprintf("a whole number from %d to %d", o.Min, o.Max)
	case "text":
		return fmt.Sprintf("at most %d characters", o.MaxLength)
	case "zones":
		return "BPM:colour pairs such as 100:ffd000,140:ff3b30, BPM from 20 to 250, at most 8"
	}
	return "unknown"
}

// ParsedURL is an overlay URL read back for editing.
type ParsedURL struct {
	Saved    string   `json:"saved,omitempty"` // the saved overlay's name, for /o/<name>
	Options  Look     `json:"options"`
	Problems []string `json:"problems,omitempty"`
}

// ParseURL reads an overlay URL pasted from OBS: /?style=…&… gives its
// options; /o/<name> names a saved overlay.
func ParseURL(raw string) (ParsedURL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "file") {
		return ParsedURL{}, fmt.Errorf("%q is not an overlay address: paste the URL from OBS's Browser Source, e.g. http://127.0.0.1:8765/?style=chart", raw)
	}
	if name, ok := strings.CutPrefix(u.Path, "/o/"); ok && u.Scheme != "file" {
		return ParsedURL{Saved: strings.Trim(name, "/"), Options: Look{}}, nil
	}
	q := u.Query()
	if len(q) == 0 && u.Fragment != "" {
		q, _ = url.ParseQuery(u.Fragment) // a local file opened in a browser: overlay.html#style=chart
	}
	flat := map[string]string{}
	for k, vs := range q {
		flat[k] = vs[len(vs)-1]
	}
	look, problems := CheckLook(flat)
	return ParsedURL{Options: look, Problems: problems}, nil
}
