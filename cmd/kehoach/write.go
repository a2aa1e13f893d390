package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"kehoach/generator/document"
)

// writeAll renders every job in every format. Files are first written to a
// staging folder inside out and moved into place only when all of them
// succeeded, so a failure leaves what out held before untouched.
func writeAll(out string, jobs []job, formats []string, render map[string]renderFunc, progress func(done, total int)) (int, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, fmt.Errorf("không tạo được thư mục %s: %w", out, err)
	}
	stage, err := os.MkdirTemp(out, ".kehoach-")
	if err != nil {
		return 0, fmt.Errorf("không ghi được vào %s: %w", out, err)
	}
	defer os.RemoveAll(stage)

	type task struct {
		rel    string
		format string
		doc    *document.Document
	}
	var tasks []task
	for _, j := range jobs {
		for _, f := range formats {
			tasks = append(tasks, task{filepath.Join(j.dir, j.doc.Name+"."+f), f, j.doc})
		}
	}
	var (
		next, done atomic.Int64
		wg         sync.WaitGroup
		mu         sync.Mutex
		firstErr   error
	)
	writeTask := func(t task) error {
		path := filepath.Join(stage, t.rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 64<<10)
		err = render[t.format](w, t.doc)
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("viết %s: %w", t.rel, err)
		}
		return nil
	}
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) {
					return
				}
				mu.Lock()
				failed := firstErr != nil
				mu.Unlock()
				if failed {
					return
				}
				if err := writeTask(tasks[i]); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				n := int(done.Add(1))
				if progress != nil && (n == len(tasks) || n%25 == 0) {
					mu.Lock()
					progress(n, len(tasks))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	for _, t := range tasks {
		dst := filepath.Join(out, t.rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return 0, err
		}
		if err := os.Rename(filepath.Join(stage, t.rel), dst); err != nil {
			return 0, fmt.Errorf("chuyển %s vào chỗ: %w", t.rel, err)
		}
	}
	return len(tasks), nil
}
