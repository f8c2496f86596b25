package amazon

import (
	"strconv"
	"sync"

	"golang.org/x/time/rate"
)

// Limit is a usage plan: Rate requests per second refilling a bucket of
// Burst.
type Limit struct {
	Rate  float64
	Burst int
}

// The operations the client calls, as Amazon names them.
const (
	OpCreateReport      = "createReport"
	OpGetReport         = "getReport"
	OpGetReportDocument = "getReportDocument"
	OpRestrictedToken   = "createRestrictedDataToken"
)

// DefaultLimits returns Amazon's documented default usage plans of the
// operations the client calls (Reports API 2021-06-30 and Tokens API
// 2021-03-01 models; developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits).
func DefaultLimits() map[string]Limit {
	return map[string]Limit{
		OpCreateReport:      {Rate: 0.0167, Burst: 15},
		OpGetReport:         {Rate: 2, Burst: 15},
		OpGetReportDocument: {Rate: 0.0167, Burst: 15},
		OpRestrictedToken:   {Rate: 1, Burst: 10},
	}
}

// limiters holds one token bucket per operation, as Amazon keeps one per
// operation, seller and application.
type limiters struct {
	mu sync.Mutex
	m  map[string]*rate.Limiter
}

func newLimiters(override map[string]Limit) *limiters {
	l := &limiters{m: make(map[string]*rate.Limiter)}
	for op, lim := range DefaultLimits() {
		if o, ok := override[op]; ok {
			lim = o
		}
		l.m[op] = rate.NewLimiter(rate.Limit(lim.Rate), max(1, lim.Burst))
	}
	return l
}

func (l *limiters) get(op string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[op]
	if !ok {
		lim = rate.NewLimiter(1, 1)
		l.m[op] = lim
	}
	return lim
}

// adjust follows the x-amzn-RateLimit-Limit header, by which Amazon
// tells the rate it currently grants (dynamic usage plans may differ
// from the documented defaults).
func (l *limiters) adjust(op, header string) {
	r, err := strconv.ParseFloat(header, 64)
	if err != nil || r <= 0 || r > 1000 {
		return
	}
	lim := l.get(op)
	if lim.Limit() != rate.Limit(r) {
		lim.SetLimit(rate.Limit(r))
	}
}
