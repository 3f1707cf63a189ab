import { model } from "@medusajs/framework/utils"

/** Each scheduled job's last beat; a job that stops beating shows up in health. */
const JobHeartbeat = model.define("syncguard_job_heartbeat", {
  id: model.id({ prefix: "sgjob" }).primaryKey(),
  job: model.text().unique(),
  expected_interval_ms: model.number(),
  last_started_at: model.dateTime().nullable(),
  last_finished_at: model.dateTime().nullable(),
  // ok | failed
  last_status: model.text().nullable(),
  last_error: model.text().nullable(),
  runs: model.number().default(0),
  worker: model.text().nullable(),
})

export default JobHeartbeat
