package osc

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

// unhex reads the specification's byte listings: hex pairs, spaces ignored.
func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The two messages of the OSC 1.0 specification's examples
// (opensoundcontrol.stanford.edu/spec-1_0-examples.html, "OSC Message
// Examples"), byte for byte.
func TestTheSpecificationsExamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		address string
		args    []any
		want    string
	}{
		{"one float", "/oscillator/4/frequency", []any{float32(440.0)}, `
			2f 6f 73 63  69 6c 6c 61  74 6f 72 2f  34 2f 66 72
			65 71 75 65  6e 63 79 00  2c 66 00 00  43 dc 00 00`},
		{"ints, a string, floats", "/foo", []any{int32(1000), int32(-1), "hello", float32(1.234), float32(5.678)}, `
			2f 66 6f 6f  00 00 00 00  2c 69 69 73  66 66 00 00
			00 00 03 e8  ff ff ff ff  68 65 6c 6c  6f 00 00 00
			3f 9d f3 b6  40 b5 b2 2d`},
	} {
		got, err := Message(tc.address, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := unhex(t, tc.want); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got % x\nwant % x", tc.name, got, want)
		}
	}
}

// The specification's OSC-string examples: "OSC" takes four bytes, "data"
// eight (a NUL always follows, then padding to four).
func TestStringsArePaddedToFourBytesWithAtLeastOneNUL(t *testing.T) {
	if got := appendString(nil, "OSC"); !bytes.Equal(got, []byte("OSC\x00")) {
		t.Errorf("OSC: % x", got)
	}
	if got := appendString(nil, "data"); !bytes.Equal(got, []byte("data\x00\x00\x00\x00")) {
		t.Errorf("data: % x", got)
	}
}

// Booleans are type tags only; VRChat's chatbox takes (s, T, F).
func TestBooleansAreTagsWithoutBytes(t *testing.T) {
	got, err := Message("/chatbox/input", "hi", true, false)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append(append([]byte{}, "/chatbox/input\x00\x00"...), ",sTF\x00\x00\x00\x00"...), "hi\x00\x00"...)
	if !bytes.Equal(got, want) {
		t.Errorf("\n got % x\nwant % x", got, want)
	}
}

func TestWhatOSCCannotCarryIsRefused(t *testing.T) {
	if _, err := Message("no-slash", int32(1)); err == nil {
		t.Error("an address without / was accepted")
	}
	if _, err := Message("/x", 1.5); err == nil {
		t.Error("a float64 was accepted (OSC 1.0 has float32)")
	}
}
