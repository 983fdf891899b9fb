package overlay

import "testing"

// Overlay options arrive in URLs and in hand-edited settings: whatever
// they hold, what is kept passes the same checks the page applies.
func FuzzOverlayOptions(f *testing.F) {
	for _, seed := range [][2]string{
		{"style", "ring"}, {"zones", "100:ffd000,140:ff3b30"}, {"font", "Segoe UI"}, {"size", "0064"},
		{"label", "💓 HR"}, {"zones", "1:2:3"}, {"color", "#fff"},
	} {
		f.Add(seed[0], seed[1], "http://127.0.0.1:8765/?"+seed[0]+"="+seed[1])
	}
	f.Fuzz(func(t *testing.T, name, value, url string) {
		look, _ := CheckLook(map[string]string{name: value})
		for k, v := range look {
			if !Valid(k, v) {
				t.Errorf("CheckLook kept %s=%q, which is not valid", k, v)
			}
		}
		if parsed, err := ParseURL(url); err == nil {
			for k, v := range parsed.Options {
				if !Valid(k, v) {
					t.Errorf("ParseURL(%q) kept %s=%q, which is not valid", url, k, v)
				}
			}
		}
	})
}
