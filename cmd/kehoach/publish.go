package main

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"kehoach/generator"
	"kehoach/internal/outdir"
)

// Publishing (--zip): a ZIP per school, one of everything, and
// manifest.csv, each made from the files the run staged, so that they
// hold exactly what the folder will.

// ManifestCSV and AllZip are the publishing files at the top of the
// output folder.
const (
	manifestCSV = "manifest.csv"
	allZip      = "tat-ca.zip"
)

// publishFiles are the files --zip adds for refs in formats.
func publishFiles(g *generator.Generator, refs []generator.DocRef, modified time.Time) []outdir.File {
	type docInfo struct{ school, name, title string }
	info := map[string]docInfo{} // by path without format
	var schools []string
	seen := map[string]bool{}
	names := map[string]string{}
	for _, s := range g.Schools() {
		names[s.ID] = s.Name
	}
	for _, r := range refs {
		info[r.Dir+"/"+r.Name] = docInfo{school: r.School, name: names[r.School], title: r.Title}
		if r.School != "" && !seen[r.School] {
			seen[r.School] = true
			schools = append(schools, r.School)
		}
	}
	files := []outdir.File{{
		Path: manifestCSV,
		WriteFrom: func(ctx context.Context, w io.Writer, st *outdir.Stage) error {
			// A byte-order mark, so that Excel reads the Vietnamese as UTF-8.
			bw := bufio.NewWriter(w)
			bw.WriteString("\uFEFF")
			cw := csv.NewWriter(bw)
			cw.Write([]string{"Tệp", "Mã trường", "Trường", "Văn bản", "Định dạng", "Kích thước (byte)", "SHA-256"})
			for _, f := range st.Files() {
				base := strings.TrimSuffix(f.Path, path.Ext(f.Path))
				d := info[base]
				cw.Write([]string{f.Path, d.school, d.name, d.title, strings.TrimPrefix(path.Ext(f.Path), "."), strconv.FormatInt(f.Size, 10), f.SHA256})
			}
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			return bw.Flush()
		},
	}, {
		Path: allZip,
		WriteFrom: func(ctx context.Context, w io.Writer, st *outdir.Stage) error {
			return writeZip(ctx, w, st, "", modified)
		},
	}}
	for _, id := range schools {
		files = append(files, outdir.File{
			Path:  id + ".zip",
			Group: id, // no ZIP for a school whose documents failed
			WriteFrom: func(ctx context.Context, w io.Writer, st *outdir.Stage) error {
				return writeZip(ctx, w, st, id, modified)
			},
		})
	}
	return files
}

// writeZip writes the staged files of group (all when "") as a ZIP,
// stored uncompressed: DOCX and PDF are compressed already.
func writeZip(ctx context.Context, w io.Writer, st *outdir.Stage, group string, modified time.Time) error {
	zw := zip.NewWriter(w)
	for _, f := range st.Files() {
		if group != "" && f.Group != group {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		e, err := zw.CreateHeader(&zip.FileHeader{Name: f.Path, Method: zip.Store, Modified: modified})
		if err != nil {
			return err
		}
		r, err := st.Open(f.Path)
		if err != nil {
			return err
		}
		_, err = io.Copy(e, r)
		r.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// progress shows how far a run is: a bar on a terminal, a plain line
// every few seconds otherwise (a log, a CI job), nothing with -q.
type progress struct {
	bar   func(done int)
	clear func() // takes the bar off its line, before a message

	plain   io.Writer
	started time.Time
	last    time.Time
}

// end takes the bar away, so that what is printed next starts its own
// line; it may be called more than once.
func (p *progress) end() {
	if p.clear != nil {
		p.clear()
	}
}

func (p *progress) update(done, total int) {
	switch {
	case p.bar != nil:
		p.bar(done)
	case p.plain != nil:
		now := time.Now()
		if done == total || now.Sub(p.last) >= 5*time.Second {
			p.last = now
			fmt.Fprintf(p.plain, "kehoach: đã viết %d/%d tệp (%d%%), %.0f giây\n", done, total, done*100/max(total, 1), now.Sub(p.started).Seconds())
		}
	}
}
