package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kehoach/internal/outdir"
)

// schoolsWith writes the sample's schools file with old replaced by new.
func schoolsWith(t *testing.T, old, new string) string {
	t.Helper()
	b, err := os.ReadFile("../../data/schools.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("schools.toml lacks %q", old)
	}
	p := filepath.Join(t.TempDir(), "truong.toml")
	if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A school whose documents cannot be made (a character the PDF's font
// lacks, which shows only when its PDF is drawn) is reported and keeps
// its earlier files; every other school is written; exit status 1.
func TestGenerateKeepsGoing(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "generate", "-q", "--format", "txt", "--out", dir); code != exitOK {
		t.Fatalf("first run: %s", stderr)
	}
	before := snapshot(t, dir)
	bad := schoolsWith(t, `ten = "Trường Tiểu học Nguyễn Bỉnh Khiêm"`, `ten = "Trường Tiểu học Nguyễn Bỉnh Khiêm 中"`)
	code, stdout, stderr := run(t, "generate", "-q", "--schools", bad, "--out", dir)
	if code != exitInput {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	for _, want := range []string{"1 trường hoặc cơ quan không viết được", "th-nguyen-binh-khiem (Trường Tiểu học Nguyễn Bỉnh Khiêm 中)", "không có chữ '中' (U+4E2D)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, "Đã viết 248 tệp (124 văn bản, 41 trường)") {
		t.Errorf("summary: %s", stdout)
	}
	// The failed school's folder is as it was; every other school got
	// its DOCX and PDF.
	after := snapshot(t, dir)
	for p, b := range before {
		if after[p] != b && p != outdir.ManifestName {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if strings.HasPrefix(p, "th-nguyen-binh-khiem/") && before[p] == "" {
			t.Errorf("the failed school got %s", p)
		}
	}
	if _, ok := after["th-ket-doan/ke-hoach.pdf"]; !ok {
		t.Error("another school was not written")
	}
	if n := len(after) - len(before); n != 248 {
		t.Errorf("%d new files, want 248", n)
	}
}

// --zip writes a ZIP per school, one of everything and manifest.csv: the
// manifest's sizes and hashes are the files', and each ZIP holds what the
// manifest lists for it, byte for byte.
func TestGenerateZip(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := run(t, "generate", "-q", "--zip", "--jobs", "3", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\uFEFF")) {
		t.Error("manifest.csv has no byte-order mark for Excel")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "Tệp,Mã trường,Trường,Văn bản,Định dạng,Kích thước (byte),SHA-256" {
		t.Errorf("heading %q", rows[0])
	}
	rows = rows[1:]
	if len(rows) != 254 {
		t.Fatalf("manifest lists %d files, want 254", len(rows))
	}
	bySchool := map[string][]string{}
	for _, r := range rows {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r[0])))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if r[5] != strconv.Itoa(len(b)) || r[6] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: manifest says %s bytes %s; the file has %d bytes %x", r[0], r[5], r[6], len(b), sum)
		}
		if r[4] != strings.TrimPrefix(filepath.Ext(r[0]), ".") {
			t.Errorf("%s: format %q", r[0], r[4])
		}
		if r[1] != "" {
			bySchool[r[1]] = append(bySchool[r[1]], r[0])
			if !strings.Contains(r[3], r[2]) && !strings.Contains(r[3], " - ") {
				t.Errorf("%s: document %q, school %q", r[0], r[3], r[2])
			}
		}
	}
	if len(bySchool) != 42 {
		t.Errorf("manifest names %d schools", len(bySchool))
	}
	check := func(name string, want []string) {
		zr, err := zip.OpenReader(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer zr.Close()
		var got []string
		for _, f := range zr.File {
			got = append(got, f.Name)
			rc, _ := f.Open()
			b, err := io.ReadAll(rc)
			rc.Close()
			disk, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
			if err != nil || !bytes.Equal(b, disk) {
				t.Errorf("%s: %s differs from the file (%v)", name, f.Name, err)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s holds %d files, want %d: %v", name, len(got), len(want), got)
		}
	}
	for id, paths := range bySchool {
		check(id+".zip", paths)
	}
	var all []string
	for _, r := range rows {
		all = append(all, r[0])
	}
	check("tat-ca.zip", all)
}

// Progress: plain lines when stderr is not a terminal, nothing with -q;
// the summary gives documents per second.
func TestGenerateProgress(t *testing.T) {
	code, stdout, stderr := run(t, "generate", "--school", "th-ket-doan", "--format", "txt", "--out", t.TempDir())
	if code != exitOK || !strings.Contains(stderr, "kehoach: đã viết 3/3 tệp (100%)") {
		t.Errorf("exit %d, progress %q", code, stderr)
	}
	if !strings.Contains(stdout, "văn bản/giây") {
		t.Errorf("summary %q", stdout)
	}
	if _, _, stderr := run(t, "generate", "-q", "--school", "th-ket-doan", "--format", "txt", "--out", t.TempDir()); strings.Contains(stderr, "đã viết") {
		t.Errorf("-q printed progress: %q", stderr)
	}
	if code, _, stderr := run(t, "generate", "--jobs", "0", "--out", t.TempDir()); code != exitUsage || !strings.Contains(stderr, "--jobs") {
		t.Errorf("--jobs 0: exit %d, %s", code, stderr)
	}
}

// check finds, for every school at once, what generate could not draw: a
// character the PDF's font lacks.
func TestCheckFindsUnprintable(t *testing.T) {
	bad := schoolsWith(t, `ten = "Trường Tiểu học Nguyễn Bỉnh Khiêm"`, `ten = "Trường Tiểu học Nguyễn Bỉnh Khiêm 中"`)
	bad2 := schoolsWith(t, `ten = "Trường Mầm non Bé Ngoan"`, `ten = "Trường Mầm non Bé Ngoan ☃"`)
	for _, c := range []struct {
		file, school, char string
	}{{bad, "th-nguyen-binh-khiem", "'中' (U+4E2D)"}, {bad2, "mn-be-ngoan", "'☃' (U+2603)"}} {
		code, stdout, stderr := run(t, "check", "--schools", c.file)
		if code != exitInput || strings.Contains(stdout, "hợp lệ, 42 trường") {
			t.Errorf("exit %d, stdout %q", code, stdout)
		}
		for _, name := range []string{"ke-hoach", "bao-cao-6-thang", "bao-cao-nam"} {
			if !strings.Contains(stderr, c.school+"/"+name+".pdf: pdf: phông chữ của bản PDF (Liberation Serif, như Times New Roman) không có chữ "+c.char) {
				t.Errorf("stderr lacks %s/%s.pdf:\n%s", c.school, name, stderr)
			}
		}
		if !strings.Contains(stderr, "3 văn bản không viết được") {
			t.Errorf("stderr: %s", stderr)
		}
	}
}
