// Package problem is the one way Beatcast tells a person what went wrong:
// a stable code that programs act on (the window places a problem next to
// the field its code names), a sentence that says what to do, and the
// cause, kept for the log and never shown as the sentence.
package problem

import (
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
)

// Problem is something a person must know or fix.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"` // a sentence: capital letter, full stop, what to do
	cause   error
}

// New returns a problem without a cause.
func New(code, message string) *Problem { return &Problem{Code: code, Message: message} }

// Wrap returns a problem whose cause is err (which may be nil).
func Wrap(code, message string, err error) *Problem {
	return &Problem{Code: code, Message: message, cause: err}
}

// Error is the sentence.
func (p *Problem) Error() string { return p.Message }

// Unwrap is the cause.
func (p *Problem) Unwrap() error { return p.cause }

// LogValue logs the code, the sentence and the cause.
func (p *Problem) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("code", p.Code), slog.String("message", p.Message)}
	if p.cause != nil {
		attrs = append(attrs, slog.String("cause", p.cause.Error()))
	}
	return slog.GroupValue(attrs...)
}

// List is several problems found at once, such as one per settings field.
type List []*Problem

// Error is the sentences, one after the other.
func (l List) Error() string {
	s := make([]string, len(l))
	for i, p := range l {
		s[i] = p.Message
	}
	return strings.Join(s, " ")
}

// Err is l as an error: nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unexpected is the code of an error that is not a Problem: a fault
// Beatcast did not foresee, shown with its own text.
const Unexpected = "unexpected"

// Shown is how an error reaches the window: the code and sentence of the
// first problem, and every problem when there are several.
type Shown struct {
	Code     string     `json:"code"`
	Message  string     `json:"message"`
	Problems []*Problem `json:"problems,omitempty"`
}

// JSON is s as the window receives it. It must be a string: Wails v2's
// bridge rejects a call with new Error(message.error)
// (v2.15.0 internal/frontend/runtime/desktop/calls.js, callResult), which
// turns an object into "[object Object]"; the window's backend.ts parses
// the text back.
func (s Shown) JSON() string {
	data, _ := json.Marshal(s) // strings only: cannot fail
	return string(data)
}

// ForWindow turns any error into what the window shows.
func ForWindow(err error) Shown {
	var list List
	if errors.As(err, &list) && len(list) > 0 {
		return Shown{Code: list[0].Code, Message: list.Error(), Problems: list}
	}
	var p *Problem
	if errors.As(err, &p) {
		return Shown{Code: p.Code, Message: p.Message, Problems: []*Problem{p}}
	}
	msg := err.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return Shown{Code: Unexpected, Message: msg}
}

// RootCause is the innermost error of err's chain, which names the trouble
// ("no space left on device", "permission denied") without repeating the
// paths that the outer errors add: for a sentence that already names them.
func RootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
