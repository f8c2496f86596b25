package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

type rateKey struct {
	currency string
	end      time.Time
}

// converter converts sums to EUR at the OSS rate of a period, asking the
// FX source once per currency and period.
type converter struct {
	fx    vat.FX
	rates map[rateKey]FXRate
}

// pair converts a taxable amount and a VAT amount in currency, each once,
// rounding half up to the cent (vat-rules §5).
func (c *converter) pair(ctx context.Context, currency string, p vat.Period, taxable, v decimal.Decimal) (decimal.Decimal, decimal.Decimal, error) {
	if currency == "EUR" {
		return taxable.Round(2), v.Round(2), nil
	}
	k := rateKey{currency, p.End()}
	fr, ok := c.rates[k]
	if !ok {
		if c.fx == nil {
			return decimal.Decimal{}, decimal.Decimal{}, fmt.Errorf("%w: %s in %s", ErrNoFX, currency, p)
		}
		rate, pub, err := vat.OSSRate(ctx, c.fx, currency, p.End())
		if err != nil {
			return decimal.Decimal{}, decimal.Decimal{}, fmt.Errorf("report: converting %s for %s: %w", currency, p, err)
		}
		fr = FXRate{Currency: currency, Rate: rate, Published: pub}
		c.rates[k] = fr
	}
	t, err := vat.ToEUR(taxable, fr.Rate, vat.RoundingRule{})
	if err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, err
	}
	e, err := vat.ToEUR(v, fr.Rate, vat.RoundingRule{})
	return t, e, err
}

// used lists the rates asked for, by currency and date.
func (c *converter) used() []FXRate {
	out := make([]FXRate, 0, len(c.rates))
	for _, r := range c.rates {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b FXRate) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), a.Published.Compare(b.Published))
	})
	return out
}
