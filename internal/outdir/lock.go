package outdir

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// owner is what a lock file records about the run holding it.
type owner struct {
	PID  int    `json:"pid"`
	Host string `json:"host,omitempty"`
	// Start is the process start time as the system tells it (clock ticks
	// since boot on Linux, creation time on Windows), or empty when it
	// cannot tell; it tells a live process from a later one that reuses
	// the pid.
	Start string `json:"start,omitempty"`
	// Token tells apart the locks taken by one process.
	Token string `json:"token"`
}

// held holds the tokens of the locks this process holds, so that a lock
// naming this very process is known to be live or left over. It is the
// package's one piece of mutable state, on purpose: a lock belongs to the
// process, not to one call of Write.
var held sync.Map

func self() owner {
	host, _ := os.Hostname()
	start, _ := processStart(os.Getpid())
	var b [8]byte
	rand.Read(b[:])
	return owner{PID: os.Getpid(), Host: host, Start: start, Token: hex.EncodeToString(b[:])}
}

// parseOwner reads a lock file: JSON as written by lock, or a bare process
// id as earlier versions wrote.
func parseOwner(b []byte) (owner, bool) {
	var o owner
	if err := json.Unmarshal(b, &o); err == nil {
		return o, o.PID > 0
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	return owner{PID: pid}, err == nil && pid > 0
}

// live tells whether the run that wrote o may still be running, seen from
// me. A lock from another host cannot be checked, so it counts as live.
func (o owner) live(me owner) bool {
	if o.Host != "" && o.Host != me.Host {
		return true
	}
	if o.PID == me.PID {
		// Either this process wrote it, or one that had its pid before.
		_, ok := held.Load(o.Token)
		return ok
	}
	start, exists := processStart(o.PID)
	if !exists {
		return false
	}
	return o.Start == "" || start == "" || start == o.Start
}

// lock takes the folder's lock file, taking over a stale one. It returns
// the function that gives it back.
//
// The lock is made whole before it appears (a temporary file hard-linked
// to its name), so a lock that cannot be read is stale. Where hard links
// are not supported (FAT, some network shares) it is created exclusively
// and then written, and a run that reads it in between takes it for stale.
// A stale lock is renamed aside and compared with what was judged stale
// before it is removed, so of two runs taking over the same stale lock
// only one wins; of three racing within that moment, two may.
func (t *tx) lock() (func(), error) {
	path := filepath.Join(t.dir, LockName)
	me := self()
	b, _ := json.Marshal(me)
	for try := 0; ; try++ {
		held.Store(me.Token, true) // before the lock appears, for other goroutines
		err := t.createLock(path, me.Token, b)
		if err == nil {
			return func() { t.unlock(path, b, me) }, nil
		}
		held.Delete(me.Token)
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("không ghi được tệp khóa %s: %w", path, sys(err))
		}
		if try == 3 {
			return nil, &LockedError{Dir: t.dir, Lock: path}
		}
		old, err := t.fs.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("không đọc được tệp khóa %s: %w", path, sys(err))
		}
		o, ok := parseOwner(old)
		if ok && o.live(me) {
			e := &LockedError{Dir: t.dir, Lock: path, PID: o.PID}
			if o.Host != me.Host {
				e.Host = o.Host
			}
			return nil, e
		}
		aside := path + ".stale-" + me.Token
		if err := t.fs.Rename(path, aside); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("không gỡ được tệp khóa cũ %s: %w", path, sys(err))
		}
		if now, err := t.fs.ReadFile(aside); err != nil || !bytes.Equal(now, old) {
			// Another run replaced the stale lock meanwhile: its lock is live.
			t.fs.Rename(aside, path)
			return nil, &LockedError{Dir: t.dir, Lock: path}
		}
		t.fs.Remove(aside)
		if ok {
			t.logf("đã gỡ khóa %s do một lần chạy trước (tiến trình %d) bỏ lại: lần chạy ấy đã dừng", path, o.PID)
		} else {
			t.logf("đã gỡ khóa %s do một lần chạy trước bỏ lại: không đọc được nội dung", path)
		}
	}
}

// createLock makes the lock file holding b, failing with fs.ErrExist if
// there is one.
func (t *tx) createLock(path, token string, b []byte) error {
	tmp := path + "." + token + ".tmp"
	if err := t.writeNew(tmp, b); err != nil {
		t.fs.Remove(tmp)
		return err
	}
	err := t.fs.Link(tmp, path)
	t.fs.Remove(tmp)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// No hard links here (FAT, some network shares): create in place.
	err = t.writeNew(path, b)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		t.fs.Remove(path)
	}
	return err
}

// unlock removes the lock if it is still the one this run wrote.
func (t *tx) unlock(path string, b []byte, me owner) {
	held.Delete(me.Token)
	if now, err := t.fs.ReadFile(path); err == nil && bytes.Equal(now, b) {
		if err := t.fs.Remove(path); err != nil {
			t.logf("không xóa được tệp khóa %s (%v); lần chạy sau sẽ gỡ nó", path, err)
		}
	}
}

// writeNew creates name holding b, synced.
func (t *tx) writeNew(name string, b []byte) error {
	f, err := t.fs.Create(name)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
