package server

import "talentloket/internal/domain"

var (
	errNotFound        = domain.Errorf(domain.CodeNotFound, "error.page_not_found")
	errForbiddenOrigin = domain.Errorf(domain.CodeForbidden, "error.cross_origin")
)
