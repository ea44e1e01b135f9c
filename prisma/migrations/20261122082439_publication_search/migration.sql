-- The public site's search and its page cache (web/site).
--
-- Search finds Vietnamese with or without diacritics: the `vn` text search configuration folds
-- accents (unaccent, whose rules cover every Vietnamese letter) and lower-cases, so "giay khai
-- sinh" and "giấy khai sinh" give the same lexemes. A trigram index on the folded title finds
-- near-misses (typos, words run together) that full-text search does not.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() alone is STABLE (it looks its dictionary up by name); this wrapper names the
-- dictionary, so it can be IMMUTABLE and used in an index.
CREATE FUNCTION vn_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, lower(normalize($1, NFC))) $$;

CREATE TEXT SEARCH CONFIGURATION vn (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION vn ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- What search reads from a publication: the title weighs most, then the question, body and answer.
CREATE FUNCTION publication_document(title text, question text, body text, answer text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(to_tsvector('public.vn'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('public.vn'::regconfig, coalesce(question, '')), 'B')
        || setweight(to_tsvector('public.vn'::regconfig, coalesce(body, '')), 'C')
        || setweight(to_tsvector('public.vn'::regconfig, coalesce(answer, '')), 'C')
  $$;

CREATE INDEX "Publication_search_idx" ON "Publication"
  USING gin (publication_document(title, question, body, "answerText"));
CREATE INDEX "Publication_title_trgm_idx" ON "Publication" USING gin (vn_unaccent(title) gin_trgm_ops);

-- Every change to what the site shows is announced on one channel; web processes LISTEN and drop
-- their rendered pages. NOTIFY is delivered at commit, so a page is never re-rendered from a
-- change that then rolled back.
CREATE FUNCTION bantin_site_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN PERFORM pg_notify('bantin_site_changed', TG_TABLE_NAME); RETURN NULL; END $$;

CREATE TRIGGER "Publication_site_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Publication"
  FOR EACH STATEMENT EXECUTE FUNCTION bantin_site_changed();
CREATE TRIGGER "Field_site_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Field"
  FOR EACH STATEMENT EXECUTE FUNCTION bantin_site_changed();
