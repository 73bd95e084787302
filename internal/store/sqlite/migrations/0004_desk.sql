-- The desk: the offer catalogue, questions with their history and
-- comments, notifications and notification preferences. SQLite; keep in
-- step with store/postgres/migrations/0004_desk.sql.
CREATE TABLE desk_offers (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	provider_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('programme', 'keuzedeel', 'masterclass', 'post_mbo', 'tailored_course', 'skills_lab',
		'equipment_time', 'staff_to_lend', 'teaching_need', 'teacher_hosting')),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	field TEXT NOT NULL DEFAULT '',
	level INTEGER NOT NULL DEFAULT 0,
	pathway TEXT NOT NULL DEFAULT '',
	skills TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	period_start DATE,
	period_end DATE,
	capacity INTEGER NOT NULL DEFAULT 0,
	price_cents INTEGER,
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX desk_offers_region ON desk_offers (region_id, active, kind);
CREATE INDEX desk_offers_provider ON desk_offers (provider_id);

CREATE TABLE desk_offer_crebos (
	offer_id INTEGER NOT NULL REFERENCES desk_offers(id) ON DELETE CASCADE,
	crebo TEXT NOT NULL,
	PRIMARY KEY (offer_id, crebo)
);
CREATE INDEX desk_offer_crebos_crebo ON desk_offer_crebos (crebo);

CREATE TABLE desk_offer_locations (
	offer_id INTEGER NOT NULL REFERENCES desk_offers(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	lat REAL NOT NULL DEFAULT 0,
	lon REAL NOT NULL DEFAULT 0,
	PRIMARY KEY (offer_id, seq)
);

CREATE TABLE desk_offer_starts (
	offer_id INTEGER NOT NULL REFERENCES desk_offers(id) ON DELETE CASCADE,
	start_date DATE NOT NULL,
	PRIMARY KEY (offer_id, start_date)
);

CREATE TABLE desk_questions (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	company_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	filed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	kind TEXT NOT NULL CHECK (kind IN ('placement', 'training', 'pooling', 'hybrid_teacher', 'teacher_placement', 'outreach', 'other')),
	title TEXT NOT NULL,
	text TEXT NOT NULL DEFAULT '',
	crebo TEXT NOT NULL DEFAULT '',
	field TEXT NOT NULL DEFAULT '',
	sector TEXT NOT NULL DEFAULT '',
	skills TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	lat REAL NOT NULL DEFAULT 0,
	lon REAL NOT NULL DEFAULT 0,
	period_start DATE,
	period_end DATE,
	people INTEGER NOT NULL DEFAULT 0,
	language TEXT NOT NULL DEFAULT '',
	due DATE,
	status TEXT NOT NULL CHECK (status IN ('new', 'taken', 'routed', 'answered', 'closed')),
	holder_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	partner_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
	offer_id INTEGER REFERENCES desk_offers(id) ON DELETE SET NULL,
	route_accepted INTEGER NOT NULL DEFAULT 0,
	declined_partners TEXT NOT NULL DEFAULT '',
	answer TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '',
	outcome_reason TEXT NOT NULL DEFAULT '',
	placement_id INTEGER REFERENCES placements(id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	taken_at TIMESTAMP,
	routed_at TIMESTAMP,
	answered_at TIMESTAMP,
	closed_at TIMESTAMP,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX desk_questions_region ON desk_questions (region_id, status, created_at);
CREATE INDEX desk_questions_company ON desk_questions (company_id, created_at);
CREATE INDEX desk_questions_partner ON desk_questions (partner_id);
CREATE INDEX desk_questions_updated ON desk_questions (region_id, updated_at);

CREATE TABLE desk_question_events (
	id INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL REFERENCES desk_questions(id) ON DELETE CASCADE,
	action TEXT NOT NULL,
	from_status TEXT NOT NULL DEFAULT '',
	to_status TEXT NOT NULL,
	actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	side TEXT NOT NULL DEFAULT '',
	holder_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	partner_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
	offer_id INTEGER REFERENCES desk_offers(id) ON DELETE SET NULL,
	outcome TEXT NOT NULL DEFAULT '',
	due DATE,
	note TEXT NOT NULL DEFAULT '',
	at TIMESTAMP NOT NULL
);
CREATE INDEX desk_question_events_question ON desk_question_events (question_id, at);

CREATE TABLE desk_question_comments (
	id INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL REFERENCES desk_questions(id) ON DELETE CASCADE,
	author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	side TEXT NOT NULL,
	internal INTEGER NOT NULL DEFAULT 0,
	text TEXT NOT NULL,
	at TIMESTAMP NOT NULL
);
CREATE INDEX desk_question_comments_question ON desk_question_comments (question_id, at);

CREATE TABLE desk_notifications (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	question_id INTEGER REFERENCES desk_questions(id) ON DELETE CASCADE,
	title TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	read_at TIMESTAMP,
	emailed_at TIMESTAMP
);
CREATE INDEX desk_notifications_user ON desk_notifications (user_id, read_at, created_at);
CREATE INDEX desk_notifications_mail ON desk_notifications (emailed_at, created_at);

CREATE TABLE desk_notification_prefs (
	user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	mode TEXT NOT NULL CHECK (mode IN ('immediate', 'digest', 'off')),
	last_digest_at TIMESTAMP
);
