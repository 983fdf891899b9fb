// Package osc sends the heart rate to VRChat (and any OSC receiver) over
// UDP. No OSC module is served by the Go module proxy here, so the
// encoder is this small file, written to the Open Sound Control 1.0
// specification (opensoundcontrol.stanford.edu/spec-1_0.html) and tested
// byte for byte against the specification's own examples: an address
// pattern and a type tag string as OSC-strings (NUL-terminated, padded with
// NULs to a multiple of four bytes), then the arguments, big-endian: int32
// (i), float32 (f), OSC-string (s), and booleans as the tags T and F, which
// carry no bytes.
package osc

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// Message encodes one OSC message to address with args, each an int32,
// float32, bool or string.
func Message(address string, args ...any) ([]byte, error) {
	if !strings.HasPrefix(address, "/") {
		return nil, fmt.Errorf("osc: address %q must start with /", address)
	}
	tags := make([]byte, 1, 1+len(args))
	tags[0] = ','
	var data []byte
	for _, a := range args {
		switch v := a.(type) {
		case int32:
			tags = append(tags, 'i')
			data = binary.BigEndian.AppendUint32(data, uint32(v))
		case float32:
			tags = append(tags, 'f')
			data = binary.BigEndian.AppendUint32(data, math.Float32bits(v))
		case bool:
			if v {
				tags = append(tags, 'T')
			} else {
				tags = append(tags, 'F')
			}
		case string:
			tags = append(tags, 's')
			data = appendString(data, v)
		default:
			return nil, fmt.Errorf("osc: cannot send a %T", a)
		}
	}
	out := appendString(nil, address)
	out = appendString(out, string(tags))
	return append(out, data...), nil
}

// appendString adds s as an OSC-string: its bytes, a NUL, then NULs up to a
// multiple of four bytes.
func appendString(b []byte, s string) []byte {
	b = append(b, s...)
	return append(b, make([]byte, 4-len(s)%4)...)
}
