package api

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/request"
)

// schemas are the named response and request bodies, described by
// reflection from the Go types so that the document cannot drift from
// what handlers send.
var schemas = map[string]reflect.Type{
	"Me": reflect.TypeOf(Me{}), "Stats": reflect.TypeOf(Stats{}), "Count": reflect.TypeOf(Count{}),
	"Organisation": reflect.TypeOf(Organisation{}), "OrganisationInput": reflect.TypeOf(OrganisationInput{}),
	"Programme": reflect.TypeOf(Programme{}), "Student": reflect.TypeOf(Student{}), "StudentInput": reflect.TypeOf(StudentInput{}),
	"Placement": reflect.TypeOf(Placement{}), "PlacementInput": reflect.TypeOf(PlacementInput{}), "Hit": reflect.TypeOf(Hit{}),
	"Application": reflect.TypeOf(Application{}), "ApplicationDetail": reflect.TypeOf(ApplicationDetail{}), "Event": reflect.TypeOf(Event{}),
	"ApplyInput": reflect.TypeOf(ApplyInput{}), "ActInput": reflect.TypeOf(ActInput{}), "CloseInput": reflect.TypeOf(CloseInput{}),
	"Error": reflect.TypeOf(ErrorBody{}), "ErrorDetail": reflect.TypeOf(ErrorDetail{}), "FieldError": reflect.TypeOf(FieldError{}),
}

// registerSchema names a request or response type of another part of the
// product for the OpenAPI document; call it from init.
func registerSchema(name string, v any) {
	schemas[name] = reflect.TypeOf(v)
	nameOf[reflect.TypeOf(v)] = name
}

var nameOf = func() map[reflect.Type]string {
	m := map[reflect.Type]string{}
	for n, t := range schemas {
		m[t] = n
	}
	return m
}()

type obj = map[string]any

func schemaFor(t reflect.Type) obj {
	if n, ok := nameOf[t]; ok {
		return obj{"$ref": "#/components/schemas/" + n}
	}
	switch {
	case t == reflect.TypeOf(time.Time{}):
		return obj{"type": "string", "format": "date-time"}
	case t == reflect.TypeOf(Date("")):
		return obj{"type": "string", "format": "date"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := schemaFor(t.Elem())
		s["nullable"] = true
		return s
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return obj{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return obj{"type": "number"}
	case reflect.Slice:
		return obj{"type": "array", "items": schemaFor(t.Elem())}
	case reflect.Struct:
		return structSchema(t)
	}
	return obj{}
}

func structSchema(t reflect.Type) obj {
	props := obj{}
	var required []string
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = schemaFor(f.Type)
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
	}
	walk(t)
	s := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}

// Document returns the OpenAPI 3 document of the API routes among routes.
func Document(routes []request.Route) []byte {
	paths := obj{}
	for _, rt := range routes {
		if rt.Kind != request.API || rt.Doc == nil {
			continue
		}
		d := rt.Doc
		op := obj{"summary": d.Summary, "tags": []string{d.Tag},
			"operationId": strings.ToLower(rt.Method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.Pattern)}
		var params []obj
		for _, seg := range strings.Split(rt.Pattern, "/") {
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				name := strings.Trim(seg, "{}")
				s := obj{"type": "string"}
				if name == "id" {
					s = obj{"type": "integer", "format": "int64"}
				}
				if name == "action" {
					s = obj{"type": "string", "enum": []string{"invite", "offer", "reject", "accept", "decline", "withdraw"}}
				}
				params = append(params, obj{"name": name, "in": "path", "required": true, "schema": s})
			}
		}
		for _, q := range d.Query {
			params = append(params, obj{"name": q.Name, "in": "query", "required": false, "description": q.Description, "schema": obj{"type": q.Type}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if d.Body != "" {
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/" + d.Body}}}}
		}
		status := d.Status
		if status == 0 {
			status = 200
		}
		var resp obj
		switch {
		case d.Response == "OpenAPI":
			resp = obj{"type": "object"}
		case d.List:
			resp = obj{"type": "object", "required": []string{"items", "limit", "offset", "total"}, "properties": obj{
				"items": obj{"type": "array", "items": obj{"$ref": "#/components/schemas/" + d.Response}},
				"total": obj{"type": "integer"}, "limit": obj{"type": "integer"}, "offset": obj{"type": "integer"}}}
		default:
			resp = obj{"$ref": "#/components/schemas/" + d.Response}
		}
		errResp := func(desc string) obj {
			return obj{"description": desc, "content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Error"}}}}
		}
		responses := obj{strconv.Itoa(status): obj{"description": "OK", "content": obj{"application/json": obj{"schema": resp}}}}
		if rt.Action != "public" {
			responses["401"] = errResp("not signed in, or an unknown or expired token")
			responses["403"] = errResp("your role may not do this")
		}
		if strings.Contains(rt.Pattern, "{id}") {
			responses["404"] = errResp("no such record in your region")
		}
		if d.Body != "" || len(d.Query) > 0 {
			responses["422"] = errResp("invalid input: the fields say what")
		}
		if d.Body != "" {
			responses["409"] = errResp("conflicts with the current state")
		}
		op["responses"] = responses
		item, _ := paths[rt.Pattern].(obj)
		if item == nil {
			item = obj{}
			paths[rt.Pattern] = item
		}
		item[strings.ToLower(rt.Method)] = op
	}
	comps := obj{}
	for n, t := range schemas {
		comps[n] = structSchema(t)
	}
	doc := obj{
		"openapi": "3.0.3",
		"info": obj{"title": "Talentloket API", "version": "1",
			"description": "JSON API over the same use cases as the pages. Authenticate with a personal API token: `Authorization: Bearer tl_…` (create one on your account page). Errors carry a stable `code`."},
		"servers":    []obj{{"url": "/"}},
		"paths":      paths,
		"components": obj{"schemas": comps, "securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}}},
		"security":   []obj{{"bearer": []string{}}},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // only maps, slices and strings: cannot fail
	}
	return b
}
