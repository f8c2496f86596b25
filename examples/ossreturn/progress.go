package main

import (
	"fmt"
	"io"
	"time"
)

// progressFrom is the file size from which reading shows progress.
const progressFrom = 4 << 20

// progress counts the bytes read from a file and, for a large one, keeps
// one line on standard error up to date, at most twice a second.
type progress struct {
	r       io.Reader
	name    string
	size    int64
	read    int64
	w       io.Writer
	last    time.Time
	printed bool
}

func newProgress(r io.Reader, name string, size int64, w io.Writer) *progress {
	return &progress{r: r, name: name, size: size, w: w, last: time.Now()}
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.size >= progressFrom && time.Since(p.last) >= 500*time.Millisecond {
		p.last = time.Now()
		p.printed = true
		fmt.Fprintf(p.w, "\rossreturn: reading %s: %3d%% of %d MB", p.name, p.read*100/p.size, p.size>>20)
	}
	return n, err
}

// done ends the progress line, if one was printed.
func (p *progress) done() {
	if p.printed {
		fmt.Fprintf(p.w, "\rossreturn: reading %s: 100%% of %d MB\n", p.name, p.size>>20)
	}
}
