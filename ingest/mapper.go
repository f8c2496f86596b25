package ingest

// newMapper sets up the reading of rows of format f under header h.
func newMapper(f Format, h header, opts Options) (rowMapper, error) {
	switch f {
	case AmazonVTR:
		return newVTR(h)
	case PayPal:
		return newPayPal(h, opts)
	case Template:
		return newTemplate(h, opts), nil
	}
	return nil, &FormatError{Format: f, Err: ErrUnsupported}
}
