package config

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/beatcast/beatcast/backend/problem"
)

// DefaultOverlayAddr is where OBS finds the overlay unless the streamer
// chose otherwise. It is fixed, so the URL pasted into a Browser Source
// keeps working across restarts.
const DefaultOverlayAddr = "127.0.0.1:8765"

// ParseOverlayAddr is the one rule for an overlay address, whether typed
// on the command line, in the window's Settings, or found in
// settings.json. It returns the address to listen on:
//
//   - "" is the default, 127.0.0.1:8765;
//   - ":PORT" means 127.0.0.1:PORT: on this computer only;
//   - a loopback address or localhost is served as given;
//   - anything else (0.0.0.0, [::], a network address, a host name) would
//     show the heart rate — health data — to other devices, and is
//     refused unless lan is true: the streamer's explicit choice.
func ParseOverlayAddr(addr string, lan bool) (string, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return DefaultOverlayAddr, nil
	}
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n < 1 || n > 65535 {
		return "", problem.New("overlay_addr", fmt.Sprintf("The overlay address %q must be HOST:PORT with a port from 1 to 65535, "+
			"e.g. 127.0.0.1:8765.", addr))
	}
	if host == "" {
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	if IsLoopbackHost(host) || lan {
		return addr, nil
	}
	return "", problem.New("overlay_addr", fmt.Sprintf("Serving the overlay on %s would show your heart rate to every device "+
		"on your network. Use 127.0.0.1:%s, or, if other devices should see it, turn on \"Share on my network\" "+
		"(--lan on the command line).", addr, port))
}

// IsLoopbackHost reports whether host names this computer only.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// NetworkURLs are the addresses other devices would use to reach an
// overlay served on addr beyond loopback, e.g. http://192.168.1.20:8765/;
// none when it is served on loopback.
func NetworkURLs(addr string) []string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || IsLoopbackHost(host) {
		return nil
	}
	ip := net.ParseIP(host)
	if ip != nil && !ip.IsUnspecified() {
		return []string{"http://" + net.JoinHostPort(host, port) + "/"}
	}
	if ip == nil { // a host name
		return []string{"http://" + net.JoinHostPort(host, port) + "/"}
	}
	var urls []string
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			urls = append(urls, "http://"+net.JoinHostPort(n.IP.String(), port)+"/")
		}
	}
	return urls
}
