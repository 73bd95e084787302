// Package desk holds the rules of the one desk ("één loket"): the questions
// companies bring, the offer catalogue of schools and training companies the
// questions are routed to, the workflow a question follows, how response
// and lead times are measured on Dutch working days, and the figures the
// desk reports. It is pure: it imports only the standard library and
// internal/domain, does no I/O and takes the current time as a parameter.
//
// # Workflow
//
// A question moves one state at a time:
//
//	new --take--> taken --route--> routed --answer--> answered --close--> closed
//	                ^                 |
//	                +--decline_route--+
//
// Inside "routed" the partner first accepts the route (accept_route); only
// an accepted route can be answered. Besides these steps there are:
//
//   - hand_over and set_due: the desk changes who holds the question or its
//     due date; the status does not change;
//   - dismiss: the desk closes a taken question it cannot route, with outcome
//     not_possible and a reason;
//   - withdraw: the asking company takes its question back from any open
//     state; the outcome is withdrawn;
//   - reopen: the desk takes a closed question up again; it returns to taken.
//
// Those three closing or reopening steps are explicit, named exits with a
// recorded outcome or reason, not skips: no step ever moves a question forward
// past a state (a new question cannot be routed, a taken one cannot be
// answered).
//
// # Sides
//
// Who may take a step is decided by side, not by role: the desk (a regional
// coordinator of the question's region), the company that asked, and the
// partner the question is currently routed to. SidesOf derives the sides of
// an actor; the desk may act for a partner (accept, decline, answer) because
// partners often reply by phone, and every Event records which side acted.
// Region isolation and role permissions stay with the auth policy; the sides
// here are the workflow rule on top of it.
//
// # Time
//
// Response time (filed -> first taken) and lead time (filed -> closed) are
// measured in working time: the office hours of a Calendar (09:00-17:00 by
// default) on Dutch working days, Monday to Friday without the public
// holidays (see Holidays). Elapsed wall-clock time is reported beside it. A
// question is overdue when its due date has passed, or else when it was not
// taken within SLA.Response (one working day by default) or not answered
// within SLA.Answer (ten working days by default).
package desk
