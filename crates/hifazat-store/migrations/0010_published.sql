-- Figures published by others (issue 12, item 6): UNODC's GLOTIP export and the like,
-- imported so national figures can be shown beside regional ones. A figure is identified by
-- its source and what it counts; a later import of the same source replaces the figures it
-- repeats and keeps the others. Same conventions as 0001.
CREATE TABLE published_imports (
    id @ID@,
    source TEXT NOT NULL,
    filename TEXT NOT NULL,
    imported_by BIGINT REFERENCES users(id),
    imported_at TEXT NOT NULL,
    kept INTEGER NOT NULL,
    rejected INTEGER NOT NULL
);
CREATE TABLE published_figures (
    id @ID@,
    import_id BIGINT NOT NULL REFERENCES published_imports(id),
    source TEXT NOT NULL,
    iso3 TEXT NOT NULL,
    country TEXT NOT NULL,
    region TEXT NOT NULL,
    subregion TEXT NOT NULL,
    indicator TEXT NOT NULL,
    dimension TEXT NOT NULL,
    category TEXT NOT NULL,
    sex TEXT NOT NULL,
    age TEXT NOT NULL,
    unit TEXT NOT NULL,
    year INTEGER NOT NULL,
    value TEXT NOT NULL,
    number BIGINT,
    note TEXT NOT NULL,
    UNIQUE (source, iso3, country, indicator, dimension, category, sex, age, unit, year)
);
CREATE INDEX published_figures_year ON published_figures(year, subregion);
