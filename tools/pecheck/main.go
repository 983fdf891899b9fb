// Command pecheck verifies the Windows build: a 64-bit GUI-subsystem PE
// (no console window pops up) whose resources hold the icon, the version
// information with the expected file version, and a manifest.
//
//	go run ./tools/pecheck beatcast.exe 0.0.0.42
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"fmt"
	"os"
	"unicode/utf16"
)

// Resource type ids (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pecheck FILE.exe FILE_VERSION")
		os.Exit(2)
	}
	if err := check(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "pecheck:", os.Args[1]+":", err)
		os.Exit(1)
	}
	fmt.Println("pecheck:", os.Args[1], "is a GUI PE with icon, manifest and version", os.Args[2])
}

func check(path, version string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("not a 64-bit x86 PE")
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return fmt.Errorf("subsystem %d, want the GUI subsystem (2): a console window would pop up", oh.Subsystem)
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		return fmt.Errorf("no .rsrc section: the icon and version were not embedded")
	}
	data, err := rsrc.Data()
	if err != nil {
		return err
	}
	types, err := resourceTypes(data)
	if err != nil {
		return err
	}
	for id, name := range map[uint32]string{rtIcon: "icon", rtGroupIcon: "icon group", rtVersion: "version information", rtManifest: "manifest"} {
		if !types[id] {
			return fmt.Errorf("no %s resource", name)
		}
	}
	if !bytes.Contains(data, utf16le(version)) {
		return fmt.Errorf("the version information does not say %s", version)
	}
	return nil
}

// resourceTypes reads the ids of the top level of the resource directory.
func resourceTypes(data []byte) (map[uint32]bool, error) {
	if len(data) < 16 {
		return nil, fmt.Errorf("resource section too short")
	}
	named := binary.LittleEndian.Uint16(data[12:])
	ids := binary.LittleEndian.Uint16(data[14:])
	types := map[uint32]bool{}
	for i := 0; i < int(named)+int(ids); i++ {
		off := 16 + 8*i
		if off+8 > len(data) {
			return nil, fmt.Errorf("resource directory truncated")
		}
		types[binary.LittleEndian.Uint32(data[off:])] = true
	}
	return types, nil
}

func utf16le(s string) []byte {
	var b bytes.Buffer
	for _, r := range utf16.Encode([]rune(s)) {
		_ = binary.Write(&b, binary.LittleEndian, r)
	}
	return b.Bytes()
}
