-- How sure the extraction was of a derived fact, in [0, 1]; it rises as other episodes corroborate
-- the fact. NULL for episodes and summaries, which are what was said, not a reading of it.
ALTER TABLE memories ADD COLUMN confidence double precision NULL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1));
