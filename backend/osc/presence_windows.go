package osc

import "github.com/beatcast/beatcast/backend/proc"

// On Windows a send to a closed port never fails: the process list says
// whether VRChat is there.
func init() { defaultFindProcess = func(exe string) (bool, error) { return proc.Running(exe) } }
