package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/vault"
)

// ErrUnreadable is wrapped by Load when a stored record cannot be opened
// or is not a stored transaction. A build does not fail for such a
// record: it names it in the report's review list.
var ErrUnreadable = errors.New("report: a stored record cannot be read back")

// maxNamed is how many record ids one review entry lists.
const maxNamed = 5

// unreadableReviews names the records a build could not read, in one
// review entry per upload that stored them, in upload order. The uploads'
// sealed descriptions give the file names; an upload whose description
// does not open is named by its date, which its id carries in clear.
func unreadableReviews(ctx context.Context, v Vault, us []Unreadable) []Review {
	if len(us) == 0 {
		return nil
	}
	var uploads []string
	by := make(map[string][]string)
	for _, u := range us {
		if _, ok := by[u.Upload]; !ok {
			uploads = append(uploads, u.Upload)
		}
		by[u.Upload] = append(by[u.Upload], u.ID)
	}
	names := uploadNames(ctx, v)
	out := make([]Review, 0, len(uploads))
	slices.Sort(uploads) // upload ids sort by time
	for _, up := range uploads {
		out = append(out, unreadableReview(up, names[up], by[up]))
	}
	return out
}

// uploadNames returns the file name of each upload whose description
// opens; the others are simply missing.
func uploadNames(ctx context.Context, v Vault) map[string]string {
	names := make(map[string]string)
	for r, err := range v.Records(ctx, vault.Query{Kind: ingest.UploadKind}) {
		if err != nil {
			return names
		}
		content, err := v.Open(r)
		if err != nil {
			continue
		}
		var u ingest.Upload
		if json.Unmarshal(content, &u) == nil && u.ID == r.ID {
			names[r.ID] = u.Name
		}
		clear(content)
	}
	return names
}

// unreadableReview is the review entry of the records ids of one upload
// (upload "" for records stored before uploads had ids).
func unreadableReview(upload, file string, ids []string) Review {
	what, they, them := "A row", "it was", "it"
	if len(ids) > 1 {
		what, they, them = fmt.Sprintf("%d rows", len(ids)), "they were", "them"
	}
	src, fix := file, "Undo that upload and upload the file again"
	if upload == "" {
		what = strings.Replace(what, "row", "stored row", 1)
		src = "stored rows"
		fix = "They belong to no upload that can be undone: ask the service to remove them, then upload their files again"
	} else {
		what += " stored from this upload"
		if t, ok := vault.UploadTime(upload); ok {
			what += " of " + t.Format("2 January 2006")
		}
		if src == "" {
			src = "upload " + upload
		}
	}
	return Review{Source: src, Reason: fmt.Sprintf("%s could not be read back: %s changed or damaged in the "+
		"database after the upload, so this report leaves %s out. %s (stored %s).", what, they, them, fix, recordList(ids))}
}

// recordList names up to maxNamed record ids, and how many more there are.
func recordList(ids []string) string {
	word := "record "
	if len(ids) > 1 {
		word = "records "
	}
	shown := ids[:min(len(ids), maxNamed)]
	s := word + strings.Join(shown, ", ")
	if more := len(ids) - len(shown); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}
