package mock

import "encoding/json"

// decodeFlatObject is what decodeObject answers for the JSON body of most calls, read in one
// pass without encoding/json's decoder and its buffers: an object whose members are strings,
// numbers, true, false, null or arrays of those, its names and strings plain (printable
// ASCII, no escapes). It decodes them as encoding/json does into a map[string]any with
// UseNumber (a number as its literal, a repeated name's last value), and answers false for
// any other body, valid or not, which decodeObject then reads the general way.
func decodeFlatObject(body []byte) (map[string]any, bool) {
	p := fastParser{data: body}
	p.space()
	if !p.byte('{') {
		return nil, false
	}
	obj := make(map[string]any, 4)
	p.space()
	for first := true; !p.byte('}'); first = false {
		if !first && (!p.byte(',') || !p.spaceThen()) {
			return nil, false
		}
		name, ok := p.name()
		if !ok {
			return nil, false
		}
		v, ok := p.jsonScalar()
		if !ok {
			if !p.byte('[') {
				return nil, false
			}
			list := []any{}
			p.space()
			for firstItem := true; !p.byte(']'); firstItem = false {
				if !firstItem && (!p.byte(',') || !p.spaceThen()) {
					return nil, false
				}
				item, ok := p.jsonScalar()
				if !ok {
					return nil, false
				}
				list = append(list, item)
				p.space()
			}
			v = list
		}
		obj[string(name)] = v
		p.space()
	}
	if p.space(); p.i != len(body) {
		return nil, false
	}
	return obj, true
}

// jsonScalar reads a plain string, a number (as a json.Number of its literal), true, false
// or null, and answers false, having read nothing, before anything else.
func (p *fastParser) jsonScalar() (v any, ok bool) {
	if p.i >= len(p.data) {
		return nil, false
	}
	start := p.i
	defer func() {
		if !ok {
			p.i = start
		}
	}()
	switch c := p.data[p.i]; {
	case c == '"':
		s, ok := p.plainString()
		return string(s), ok
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range [...]struct {
		text  string
		value any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if end := p.i + len(lit.text); end <= len(p.data) && string(p.data[p.i:end]) == lit.text {
			p.i = end
			return lit.value, true
		}
	}
	return nil, false
}

// number reads a number as JSON's grammar spells one: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *fastParser) number() (any, bool) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	p.byte('-')
	switch {
	case p.byte('0'):
	case digits() == 0:
		return nil, false
	}
	if p.byte('.') && digits() == 0 {
		return nil, false
	}
	if p.byte('e') || p.byte('E') {
		if !p.byte('+') {
			p.byte('-')
		}
		if digits() == 0 {
			return nil, false
		}
	}
	return json.Number(p.data[start:p.i]), true
}
