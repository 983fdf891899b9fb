package background

import (
	"bytes"
	"encoding/binary"
	"image/png"
)

// pngICO wraps a PNG in an ICO container, which Windows' tray wants;
// Windows reads PNG-compressed icons since Vista. Icons are at most 256
// pixels a side (0 in the directory means 256).
func pngICO(pngData []byte) []byte {
	cfg, err := png.DecodeConfig(bytes.NewReader(pngData))
	if err != nil || cfg.Width > 256 || cfg.Height > 256 {
		return nil
	}
	side := func(n int) byte { return byte(n % 256) }
	var b bytes.Buffer
	_ = binary.Write(&b, binary.LittleEndian, [3]uint16{0, 1, 1}) // reserved, type icon, one image
	b.Write([]byte{side(cfg.Width), side(cfg.Height), 0, 0})      // size, no palette, reserved
	_ = binary.Write(&b, binary.LittleEndian, [2]uint16{1, 32})   // planes, bits per pixel
	_ = binary.Write(&b, binary.LittleEndian, [2]uint32{uint32(len(pngData)), 6 + 16})
	b.Write(pngData)
	return b.Bytes()
}
