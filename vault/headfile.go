package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// HeadFile is a [HeadKeeper] that keeps the newest link of an audit chain
// in a small JSON file at this path, replaced atomically (a temporary file
// in the same folder, synced, then renamed over it) and made 0600. Keep it
// where the writers of the audit store cannot write, e.g. on the
// application server's disk beside the audit key, not in the database.
type HeadFile string

var _ HeadKeeper = HeadFile("")

// SaveHead implements [HeadKeeper].
func (f HeadFile) SaveHead(_ context.Context, l Link) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(string(f)), "."+filepath.Base(string(f))+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // harmless once renamed
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), string(f))
}

// LoadHead implements [HeadKeeper]: ErrNotFound when the file does not
// exist, an error when it holds anything but a head.
func (f HeadFile) LoadHead(context.Context) (Link, error) {
	b, err := os.ReadFile(string(f))
	if errors.Is(err, os.ErrNotExist) {
		return Link{}, ErrNotFound
	}
	if err != nil {
		return Link{}, err
	}
	return parseHead(b)
}

// parseHead decodes a head file's bytes.
func parseHead(b []byte) (Link, error) {
	var l Link
	if err := json.Unmarshal(b, &l); err != nil || l.Seq == 0 {
		return Link{}, fmt.Errorf("vault: audit head file is not a head (%d bytes)", len(b))
	}
	return l, nil
}
