import type { AxiosInstance } from "axios"

export type StoreCustomer = { id: string; email: string; token: string; headers: Record<string, string> }

/** Registers a customer the way a storefront does and returns a bearer token for it. */
export async function registerCustomer(
  api: AxiosInstance,
  publishableKey: string,
  email: string
): Promise<StoreCustomer> {
  const password = "correct horse battery staple"
  const pk = { "x-publishable-api-key": publishableKey }
  const { data: reg } = await api.post("/auth/customer/emailpass/register", { email, password })
  const { data: created } = await api.post(
    "/store/customers",
    { email, first_name: "Test", last_name: email.split("@")[0] },
    { headers: { ...pk, authorization: `Bearer ${reg.token}` } }
  )
  const { data: login } = await api.post("/auth/customer/emailpass", { email, password })
  return {
    id: created.customer.id,
    email,
    token: login.token,
    headers: { ...pk, authorization: `Bearer ${login.token}` },
  }
}
