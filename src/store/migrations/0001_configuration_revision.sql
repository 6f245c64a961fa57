ALTER TABLE "workspaces" ADD COLUMN "configuration_revision" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION covenant_bump_configuration_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE workspaces SET configuration_revision = configuration_revision + 1 WHERE id = OLD.workspace_id;
  ELSE
    UPDATE workspaces SET configuration_revision = configuration_revision + 1 WHERE id = NEW.workspace_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER agreement_versions_configuration_revision
  AFTER INSERT OR UPDATE OR DELETE ON agreement_versions
  FOR EACH ROW EXECUTE FUNCTION covenant_bump_configuration_revision();
--> statement-breakpoint
CREATE TRIGGER calendars_configuration_revision
  AFTER INSERT OR UPDATE OR DELETE ON calendars
  FOR EACH ROW EXECUTE FUNCTION covenant_bump_configuration_revision();
--> statement-breakpoint
CREATE TRIGGER maintenance_windows_configuration_revision
  AFTER INSERT OR UPDATE OR DELETE ON maintenance_windows
  FOR EACH ROW EXECUTE FUNCTION covenant_bump_configuration_revision();
