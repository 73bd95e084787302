package web

// listArgs passes a page and a list to a shared table template.
type listArgs struct {
	P       Page
	Items   any
	Caption string
	Group   string
}

// List pairs the page with items for a shared table template:
// {{template "placement-table" ($.List .Placements)}}.
func (p Page) List(items any) listArgs { return listArgs{P: p, Items: items} }

// Counts pairs the page with labelled counts for the counts table.
func (p Page) Counts(captionKey, group string, items any) listArgs {
	return listArgs{P: p, Items: items, Caption: p.T(captionKey), Group: group}
}
