package outdir

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
)

// manifest maps a slash path to the sha256 (hex) of what was written there.
type manifest map[string]string

// parseManifest reads a manifest; every key must be a valid path and every
// value a sha256, or the whole is rejected.
func parseManifest(b []byte) (manifest, error) {
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("không phải một bảng")
	}
	for p, sum := range m {
		if !fs.ValidPath(p) || p == "." {
			return nil, fmt.Errorf("đường dẫn %q không hợp lệ", p)
		}
		if !isSum(sum) {
			return nil, fmt.Errorf("%s: mã kiểm tra %q không hợp lệ", p, sum)
		}
	}
	return m, nil
}

func (m manifest) encode() []byte {
	b, _ := json.MarshalIndent(m, "", "  ") // a map of strings always encodes; keys come sorted
	return append(b, '\n')
}

func isSum(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// readManifest reads the folder's manifest. A missing or unreadable one is
// reported through why (for the notice) and gives an empty manifest:
// nothing is then known to have been written by kehoach.
func (t *tx) readManifest() (m manifest, why string, missing bool) {
	path := filepath.Join(t.dir, ManifestName)
	b, err := t.fs.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return manifest{}, fmt.Sprintf("không thấy sổ ghi %s", path), true
	}
	if err != nil {
		return manifest{}, fmt.Sprintf("không đọc được sổ ghi %s (%v)", path, sys(err)), false
	}
	if m, err = parseManifest(b); err != nil {
		return manifest{}, fmt.Sprintf("sổ ghi %s bị hỏng (không phải danh sách tệp và mã kiểm tra)", path), false
	}
	return m, "", false
}

// sumFile is the sha256 of a file, or "" when it cannot be read.
func (t *tx) sumFile(path string) string {
	f, err := t.fs.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
