package vat

import (
	"os"
	"path/filepath"
	"testing"
)

// ratesSharedData reads a file of the project's shared public data set, which
// lives beside the repository (../../shared/data from this package), or skips
// the test when the folder is absent (a fresh clone has only the fixtures
// under testdata/).
func ratesSharedData(t testing.TB, name string) []byte {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", filepath.FromSlash(name))
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("shared data %s not present (it lives outside the repository): skipping", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}
