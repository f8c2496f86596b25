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
// in the same folder renamed over it) and made 0600. Keep it where the
// writers of the audit store cannot write, e.g. on the application
// server's disk beside the audit key, not in the database.
//
// The file is not synced, as a SQLite store in WAL mode with
// synchronous=NORMAL does not sync each commit either: a process that dies
// loses neither, and after a power loss either may have lost its last
// writes. A head the database no longer reaches then stops [OpenAudit];
// once [Audit.Verify] shows only the newest entries missing, moving the
// file away lets the chain continue.
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
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), string(f))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
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
