// Package amazon pulls a seller's Amazon VAT Transactions Report
// (GET_VAT_TRANSACTION_DATA) through the Selling Partner API, so that the
// seller need not download and upload it every month.
//
// Reach first for [New] and [Client.Ingest], which stores the report's
// transactions sealed through an [ingest.Pipeline], or [Client.Report],
// which streams the report's text for [ingest.Open]:
//
//	c, err := amazon.New(amazon.Config{ClientID: id, ClientSecret: secret, RefreshToken: token})
//	res, err := c.Ingest(ctx, pipeline, amazon.Month(lastMonth, "A1PA6795UKMFR9"), ingest.Options{})
//
// One pull follows the Reports API 2021-06-30: createReport, getReport
// until the report is DONE, CANCELLED or FATAL (polling from
// Config.PollInterval, doubling up to Config.MaxPollInterval), a
// Restricted Data Token for exactly the document's path (the report holds
// buyers' personal data), getReportDocument, then the download from the
// pre-signed URL, gunzipped as it arrives when Amazon compressed it: a
// report of a million rows never sits in memory. Every call takes a
// context.
//
// The access token comes from Login with Amazon by the refresh-token
// grant, through a golang.org/x/oauth2 TokenSource that refreshes it
// before it expires. Each operation has a client-side token bucket
// (golang.org/x/time/rate) set to Amazon's documented usage plan and
// adjusted to the x-amzn-RateLimit-Limit header; a throttled (429) or
// failed (5xx) call is retried with exponential back-off and jitter.
//
// Failures are typed: [*AuthError] (an expired or revoked refresh token:
// the seller must authorise the application again), [*ReportError]
// (FATAL, which Amazon answers for the VAT report requested before the
// 3rd of the month, or CANCELLED, which also means no data),
// [*DownloadError] (a refused URL — they expire after five minutes — or
// a connection cut mid-download), [*APIError] (with [ErrThrottled] after
// the retries) and [ErrTimeout]. Credentials are [Secret]s, which print
// "[redacted]"; no error quotes a credential, a pre-signed URL or a
// response body.
//
// A pull is resumable rather than all-or-nothing: the pipeline stores the
// report in batches under blind indexes of each line's identity, so after
// a cut the batches before it stay stored and pulling the month again
// stores exactly the rest. For the same reason a pull after a file upload
// of the same month, or of a longer month, adds only the new lines.
//
// Package amazontest is a fake of the API for tests.
package amazon
