package report

import (
	"encoding/binary"
	"errors"
	"time"
)

// The sealed content of a download: a version byte (1), the expiry as
// Unix seconds (8 bytes, big-endian), the name and the content type each
// as a uvarint length and bytes, then the report itself.
const downloadVersion = 1

// maxDownloadText bounds the name and content type.
const maxDownloadText = 255

var errDownloadFormat = errors.New("malformed stored download")

func encodeDownload(d Download) ([]byte, error) {
	if len(d.Name) > maxDownloadText || len(d.ContentType) > maxDownloadText {
		return nil, errors.New("report: download name or content type too long")
	}
	b := make([]byte, 0, 1+8+2*binary.MaxVarintLen16+len(d.Name)+len(d.ContentType)+len(d.Content))
	b = append(b, downloadVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(d.Expires.Unix()))
	b = binary.AppendUvarint(b, uint64(len(d.Name)))
	b = append(b, d.Name...)
	b = binary.AppendUvarint(b, uint64(len(d.ContentType)))
	b = append(b, d.ContentType...)
	return append(b, d.Content...), nil
}

// decodeDownload reads what encodeDownload wrote. The content aliases b,
// so that an opened report exists once in memory and one clear wipes it.
func decodeDownload(b []byte) (Download, error) {
	if len(b) < 9 || b[0] != downloadVersion {
		return Download{}, errDownloadFormat
	}
	d := Download{Expires: time.Unix(int64(binary.BigEndian.Uint64(b[1:9])), 0).UTC()}
	rest := b[9:]
	var ok bool
	if d.Name, rest, ok = text(rest); !ok {
		return Download{}, errDownloadFormat
	}
	if d.ContentType, rest, ok = text(rest); !ok {
		return Download{}, errDownloadFormat
	}
	d.Content = rest
	return d, nil
}

func text(b []byte) (string, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > maxDownloadText || uint64(len(b)-k) < n {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}
