package main

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// A report is built in the background: POST /api/reports starts a job and
// answers at once; GET /api/reports/{id} reports its progress until the
// report is ready, then hands it out once. The jobs live in memory only:
// a restart ends them (their sellers' sessions end with it), and a report
// finished before is still in the seller's vault under the same id.

// reportJob is one report being built for a seller.
type reportJob struct {
	id     string
	tenant string
	cancel context.CancelFunc
	read   atomic.Int64  // records read so far
	done   chan struct{} // closed when the build ended
	// status and message are set before done is closed: 0 once the
	// report is saved, else the answer to give instead.
	status  int
	message string
}

// reportJobs are the jobs under way or finished and not yet collected.
type reportJobs struct {
	mu   sync.Mutex
	jobs map[string]*reportJob
	// slots bounds the builds that run at once: each holds a month of
	// transactions in memory and keeps the cores busy.
	slots chan struct{}
}

// maxBuilds is how many reports are built at once; more wait their turn.
const maxBuilds = 2

// maxJobsPerSeller bounds a seller's jobs not yet collected.
const maxJobsPerSeller = 4

// buildTimeout bounds one build.
const buildTimeout = 30 * time.Minute

// jobTTL is how long a finished job waits for its answer to be collected:
// as long as the report waits to be downloaded.
const jobTTL = time.Hour

var errTooManyJobs = errors.New("server: too many reports under way")

func newReportJobs() *reportJobs {
	return &reportJobs{jobs: make(map[string]*reportJob), slots: make(chan struct{}, maxBuilds)}
}

// start runs build for tenant in the background under a new id, which it
// returns; build gets a context that logout, erase or the timeout cancel
// and the job, to report progress on.
func (js *reportJobs) start(tenant string, build func(context.Context, *reportJob) (int, string)) (string, error) {
	id := newID()
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	job := &reportJob{id: id, tenant: tenant, cancel: cancel, done: make(chan struct{})}
	js.mu.Lock()
	n := 0
	for _, j := range js.jobs {
		if j.tenant == tenant {
			n++
		}
	}
	if n >= maxJobsPerSeller {
		js.mu.Unlock()
		cancel()
		return "", errTooManyJobs
	}
	js.jobs[id] = job
	js.mu.Unlock()
	go func() {
		defer time.AfterFunc(jobTTL, func() { js.forget(id) })
		defer cancel()
		defer close(job.done)
		select {
		case js.slots <- struct{}{}:
			defer func() { <-js.slots }()
			job.status, job.message = build(ctx, job)
		case <-ctx.Done():
			job.status, job.message = 410, msgReportStopped
		}
	}()
	return id, nil
}

// get returns the tenant's job id, or nil.
func (js *reportJobs) get(tenant, id string) *reportJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	if j := js.jobs[id]; j != nil && j.tenant == tenant {
		return j
	}
	return nil
}

// forget drops a finished job once its answer was given.
func (js *reportJobs) forget(id string) {
	js.mu.Lock()
	defer js.mu.Unlock()
	delete(js.jobs, id)
}

// cancel stops and drops every job of tenant (at logout and erase) and
// waits until their builds have stopped.
func (js *reportJobs) cancel(tenant string) {
	js.mu.Lock()
	var stopped []*reportJob
	for id, j := range js.jobs {
		if j.tenant == tenant {
			j.cancel()
			stopped = append(stopped, j)
			delete(js.jobs, id)
		}
	}
	js.mu.Unlock()
	for _, j := range stopped {
		<-j.done
	}
}
