package ingest

import (
	"context"
	"io"
	"slices"
	"sync"
)

// chunkRows is how many records the parallel reader maps as one piece of
// work: large enough that handing a chunk between goroutines costs little
// beside mapping it, small enough that a few per worker stay in cache.
const chunkRows = 256

// chunk is a run of records on their way through the parallel reader:
// the splitter fills fields and lines, a mapper fills rows and errs, and
// done is closed when it has.
type chunk struct {
	cells []string    // every record's fields, one after another
	ends  []int       // where each record's fields end in cells
	lines []int       // each record's first line
	errs  []*RowError // a record refused whole (too long, open quote), or once mapped a row refused
	rows  []Row
	done  chan struct{}
}

func (c *chunk) reset() {
	clear(c.cells) // drop the strings, which hold personal data
	clear(c.rows)
	c.cells, c.ends, c.lines, c.errs, c.rows = c.cells[:0], c.ends[:0], c.lines[:0], c.errs[:0], c.rows[:0]
	c.done = make(chan struct{})
}

// each calls yield with every row and row error in file order, exactly as
// repeated calls of Next would, but splits records in one goroutine and
// maps them into transactions on workers others, so that a file is read
// at the speed of its splitting rather than of splitting and mapping one
// after the other. It returns nil at the end of the file, ErrNoData when
// the file had no data row, the error that ended the file, ctx's error,
// or yield's. Every goroutine it starts has stopped when it returns, and
// the counts of Summary are those of the rows yielded.
func (rd *Reader) each(ctx context.Context, workers int, yield func(Row, *RowError) error) error {
	if rd.err != nil {
		return rd.finalErr()
	}
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	inFlight := 2 * workers
	free := make(chan *chunk, inFlight+1)
	for range inFlight + 1 {
		c := &chunk{}
		c.reset()
		free <- c
	}
	work := make(chan *chunk, inFlight)
	order := make(chan *chunk, inFlight)
	var splitErr error // the error that ended splitting; read after order is closed
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(order)
		defer close(work)
		splitErr = rd.split(ctx, free, work, order)
	})
	for range workers {
		wg.Go(func() {
			c := rd.cells // each mapper its own cursor over the records
			for ch := range work {
				rd.mapChunk(&c, ch)
				close(ch.done)
			}
		})
	}
	err := func() error {
		for ch := range order {
			select {
			case <-ch.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			if err := rd.merge(ch, yield); err != nil {
				ch.reset()
				return err
			}
			ch.reset()
			free <- ch
		}
		return nil
	}()
	cancel()
	for ch := range order { // after an early return: let the splitter and mappers stop
		<-ch.done
		ch.reset()
	}
	wg.Wait()
	switch {
	case err != nil:
		rd.err = err
		return err
	case splitErr == io.EOF:
		rd.err = io.EOF
		if rd.sum.Rows == 0 {
			rd.err = ErrNoData
		}
		return rd.finalErr()
	default:
		rd.err = splitErr
		return splitErr
	}
}

// finalErr is what each returns for the reader's final state.
func (rd *Reader) finalErr() error {
	if rd.err == io.EOF {
		return nil
	}
	return rd.err
}

// split reads records into chunks and hands each to the mappers and, in
// file order, to the merger. It returns the error that ended the file
// (io.EOF at its end) or ctx's.
func (rd *Reader) split(ctx context.Context, free <-chan *chunk, work, order chan<- *chunk) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var ch *chunk
		select {
		case ch = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		var end error
		for len(ch.lines) < chunkRows {
			fields, line, err := rd.src.next()
			if err != nil && err != errRecordTooLong && err != errOpenQuote {
				end = err
				break
			}
			ch.cells = append(ch.cells, fields...)
			ch.ends = append(ch.ends, len(ch.cells))
			ch.lines = append(ch.lines, line)
			ch.errs = append(ch.errs, rd.rowError(line, err))
		}
		if len(ch.lines) > 0 {
			// order first: the merger waits on the chunk, the mappers fill it
			order <- ch
			work <- ch
		}
		if end != nil {
			return end
		}
	}
}

// mapChunk turns a chunk's records into rows, through c.
func (rd *Reader) mapChunk(c *cells, ch *chunk) {
	ch.rows = slices.Grow(ch.rows[:0], len(ch.lines))[:len(ch.lines)] // zero: reset cleared them
	start := 0
	for i, end := range ch.ends {
		fields := ch.cells[start:end:end]
		start = end
		if ch.errs[i] != nil {
			continue
		}
		c.f, c.line = fields, ch.lines[i]
		row, err := rd.mapRow(c)
		if err != nil {
			ch.errs[i] = rd.rowError(c.line, err)
			continue
		}
		ch.rows[i] = row
	}
}

// merge counts a mapped chunk's rows as Next does and yields them.
func (rd *Reader) merge(ch *chunk, yield func(Row, *RowError) error) error {
	for i := range ch.lines {
		rd.sum.Rows++
		if re := ch.errs[i]; re != nil {
			rd.sum.Rejected++
			if err := yield(Row{}, re); err != nil {
				return err
			}
			continue
		}
		row := &ch.rows[i]
		if !rd.accept(row) {
			continue
		}
		if err := yield(*row, nil); err != nil {
			return err
		}
	}
	return nil
}
