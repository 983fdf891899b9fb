package overlay

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The cases the page's validator must also pass (frontend/e2e runs them in
// Chromium): the two readers of options.json cannot drift apart silently.
func TestGoJudgesEveryCaseAsThePageMust(t *testing.T) {
	data, err := webFS.ReadFile("web/options-cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Option, Value string
			Valid         bool
		}
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range file.Cases {
		covered[c.Option] = true
		if got := Valid(c.Option, c.Value); got != c.Valid {
			t.Errorf("Valid(%s, %q) = %v, want %v", c.Option, c.Value, got, c.Valid)
		}
	}
	for _, o := range Options {
		if !covered[o.Name] {
			t.Errorf("options-cases.json has no case for %s", o.Name)
		}
	}
}

func TestEveryDefaultIsValidAndEveryChoiceLooksHasASize(t *testing.T) {
	for _, o := range Options {
		if !Valid(o.Name, o.DefaultString()) {
			t.Errorf("%s's default %q is not valid by its own rule", o.Name, o.DefaultString())
		}
		if o.Label == "" || o.Help == "" {
			t.Errorf("%s has no label or help for the builder", o.Name)
		}
	}
	style, _ := option("style")
	for _, c := range style.Choices {
		if c.Width == 0 || c.Height == 0 || c.Help == "" {
			t.Errorf("look %s lacks a Browser Source size or a description", c.Value)
		}
	}
}

func TestCheckLookKeepsWhatDiffersAndSaysWhatItDropped(t *testing.T) {
	look, problems := CheckLook(map[string]string{
		"style": "ring", "size": "64", "color": "zzz", "wat": "1", "zones": "100:ffd000",
	})
	want := Look{"style": "ring", "zones": "100:ffd000"}
	if len(look) != len(want) || look["style"] != "ring" || look["zones"] != "100:ffd000" {
		t.Errorf("look %v, want %v (size=64 is the default)", look, want)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], `color="zzz" is not allowed (a colour as 3, 6 or 8 hex digits)`) ||
		!strings.Contains(problems[1], `"wat" is not an overlay option`) {
		t.Errorf("problems %q", problems)
	}
}

func TestPastedURLsAreReadBack(t *testing.T) {
	for _, tc := range []struct {
		url      string
		saved    string
		options  Look
		problems int
	}{
		{"http://127.0.0.1:8765/?style=chart&minutes=10&color=7fdbff", "", Look{"style": "chart", "minutes": "10", "color": "7fdbff"}, 0},
		{"  http://localhost:8765/o/boss-fight  ", "boss-fight", Look{}, 0},
		{"file:///home/me/.local/share/beatcast/overlay.html#style=number&size=96", "", Look{"style": "number", "size": "96"}, 0},
		{"http://127.0.0.1:8765/?style=bogus&size=99999", "", Look{}, 2},
	} {
		got, err := ParseURL(tc.url)
		if err != nil || got.Saved != tc.saved || len(got.Problems) != tc.problems || len(got.Options) != len(tc.options) {
			t.Errorf("ParseURL(%q) = %+v, %v", tc.url, got, err)
			continue
		}
		for k, v := range tc.options {
			if got.Options[k] != v {
				t.Errorf("ParseURL(%q): %s=%q, want %q", tc.url, k, got.Options[k], v)
			}
		}
	}
	if _, err := ParseURL("not a url at all"); err == nil || !strings.Contains(err.Error(), "paste the URL from OBS") {
		t.Errorf("ParseURL(garbage) = %v, want advice", err)
	}
}

// README's option table is checked against options.json: every option, its
// default and its range or choices.
func TestREADMEListsEveryOptionAsTheTableSays(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	row := regexp.MustCompile("(?m)^\\| `([a-z]+)` \\| (.*) \\| (.*) \\| (.*) \\|$")
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		rows[m[1]] = m[2:]
	}
	for _, o := range Options {
		r, ok := rows[o.Name]
		if !ok {
			t.Errorf("README's option table lacks %s", o.Name)
			continue
		}
		values, def := r[0], r[1]
		wantDef := "`" + o.DefaultString() + "`"
		if o.DefaultString() == "" {
			wantDef = "none"
		}
		if def != wantDef {
			t.Errorf("README says %s defaults to %s; the table says %s", o.Name, def, wantDef)
		}
		switch o.Type {
		case "choice":
			for _, c := range o.Choices {
				if !strings.Contains(values, "`"+c.Value+"`") {
					t.Errorf("README's %s row lacks the choice %s", o.Name, c.Value)
				}
			}
		case "int":
			if rng := strconv.Itoa(o.Min) + "–" + strconv.Itoa(o.Max); !strings.Contains(values, rng) {
				t.Errorf("README's %s row does not give the range %s: %s", o.Name, rng, values)
			}
		}
	}
	for name := range rows {
		if _, ok := option(name); !ok {
			t.Errorf("README documents an option %s that the table does not have", name)
		}
	}
}
