// Command factsgen writes the facts the window shows (screens.WindowFacts)
// as JSON on stdout: `make bindings` keeps frontend/src/lib/facts.json
// with it.
package main

import (
	"encoding/json"
	"os"

	"github.com/beatcast/beatcast/backend/screens"
)

func main() {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(screens.WindowFacts()); err != nil {
		os.Exit(1)
	}
}
