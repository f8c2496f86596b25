package ingest

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// amounts reads the row totals. Rates are fractions despite the column
// name ("0.19"; Amazon Seller Central help 202098210) and become percent.
// Sales must not be negative and refunds, which give money back, not
// positive.
func (m *vtrMapper) amounts(c *cells, tx *vat.Transaction, typ string) ([]string, error) {
	p := &m.pos
	fields := []struct {
		col  int
		dst  *decimal.Decimal
		flag vat.Field
	}{{vtrNet, &tx.Net, vat.FieldNet}, {vtrVAT, &tx.VAT, vat.FieldVAT}, {vtrGross, &tx.Gross, vat.FieldGross}, {vtrRate, &tx.Rate, vat.FieldRate}}
	if tx.Kind == vat.KindOther && typ == "RETURN" {
		fields = fields[:0] // a return's money rides on its refund
	}
	for _, f := range fields {
		s := c.get(p[f.col])
		if strings.TrimSpace(s) == "" {
			continue
		}
		d, err := parseNumber(s, m.style)
		if err != nil {
			return nil, c.fail(p[f.col], err.Error())
		}
		*f.dst, tx.Given = d, tx.Given|f.flag
	}
	if tx.Given.Has(vat.FieldRate) {
		tx.Rate = tx.Rate.Shift(2)
		if tx.Rate.IsNegative() || tx.Rate.GreaterThan(decimal.NewFromInt(100)) {
			return nil, c.fail(p[vtrRate], "rate outside 0 to 1")
		}
	}
	if s := c.get(p[vtrCurrency]); strings.TrimSpace(s) != "" {
		cur, err := parseCurrency(s)
		if err != nil {
			return nil, c.fail(p[vtrCurrency], err.Error())
		}
		tx.Currency = cur
	}
	if err := m.invoiceCurrency(c); err != nil {
		return nil, err
	}
	return m.signs(c, tx)
}

func (m *vtrMapper) signs(c *cells, tx *vat.Transaction) ([]string, error) {
	neg := tx.Given.Has(vat.FieldGross) && tx.Gross.IsNegative() || tx.Given.Has(vat.FieldNet) && tx.Net.IsNegative()
	pos := tx.Given.Has(vat.FieldGross) && tx.Gross.IsPositive() || tx.Given.Has(vat.FieldNet) && tx.Net.IsPositive()
	money := tx.Kind == vat.KindSale || tx.Kind == vat.KindRefund
	switch {
	case money && tx.Given&(vat.FieldNet|vat.FieldVAT|vat.FieldGross) == 0:
		return nil, c.fail(m.pos[vtrGross], "no amount on a sale or refund")
	case tx.Kind == vat.KindSale && neg:
		return nil, c.fail(m.pos[vtrGross], "negative amount on a sale")
	case tx.Kind == vat.KindRefund && pos:
		return []string{"A refund with a positive amount: check whether money was paid back or charged."}, nil
	case tx.Kind == vat.KindTransfer:
		return m.transferValue(c, tx)
	case tx.Currency == "" && money:
		return nil, c.fail(m.pos[vtrCurrency], errMissing.Error())
	}
	return nil, nil
}

// transferValue values a movement of own goods from the seller's cost
// price (COST_PRICE_OF_ITEMS, from the seller's Product Tax File), the only
// value the report has for it; the report gives it no currency.
func (m *vtrMapper) transferValue(c *cells, tx *vat.Transaction) ([]string, error) {
	if tx.ShipFrom == "" || tx.ShipFrom == tx.ShipTo {
		tx.Kind = vat.KindOther // not cross-border: nothing to declare
		return nil, nil
	}
	s := c.get(m.pos[vtrCost])
	if strings.TrimSpace(s) == "" {
		tx.Net, tx.VAT, tx.Gross, tx.Rate, tx.Given = decimal.Decimal{}, decimal.Decimal{}, decimal.Decimal{}, decimal.Decimal{}, 0
		return []string{"A stock movement across a border without a cost price: give its value, at which the transfer of own goods is declared (Art 17)."}, nil
	}
	cost, err := parseNumber(s, m.style)
	if err != nil || cost.IsNegative() {
		return nil, c.fail(m.pos[vtrCost], errNumber.Error())
	}
	qty := decimal.NewFromInt(1)
	if q := strings.TrimSpace(c.get(m.pos[vtrQty])); q != "" {
		if qty, err = parseNumber(q, m.style); err != nil {
			return nil, c.fail(m.pos[vtrQty], err.Error())
		}
	}
	tx.Net, tx.VAT, tx.Gross, tx.Rate, tx.Given = cost.Mul(qty), decimal.Decimal{}, decimal.Decimal{}, decimal.Decimal{}, vat.FieldNet
	return []string{"A stock movement across a border, valued at cost price: Amazon's report gives no currency for it; check the value and its currency."}, nil
}

// invoiceCurrency checks Amazon's conversion of the VAT into the
// jurisdiction's currency (VAT_INV_*). It is Amazon's invoice data, not
// the rate the return needs (the ECB rate of the period's last day,
// Art 369h(2) of Directive 2006/112/EC), so it is
// validated and not carried.
func (m *vtrMapper) invoiceCurrency(c *cells) error {
	for _, col := range []int{vtrInvConverted, vtrInvRate} {
		if s := c.get(m.pos[col]); strings.TrimSpace(s) != "" {
			if _, err := parseNumber(s, m.style); err != nil {
				return c.fail(m.pos[col], err.Error())
			}
		}
	}
	if s := c.get(m.pos[vtrInvCurrency]); strings.TrimSpace(s) != "" {
		if _, err := parseCurrency(s); err != nil {
			return c.fail(m.pos[vtrInvCurrency], err.Error())
		}
	}
	return nil
}
