import { type Account, Phase, Reason, Source, State, type Status } from '../lib/types'
import { fireEvent, screen, within } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import { fakeBackend, mountApp, noStats, renderApp, settle, signedOutAccount } from '../lib/fake-backend'


function signedOut(status: Partial<Status> = {}, account: Account = signedOutAccount) {
  const backend = fakeBackend(
    { status: { state: State.SignedOut, source: Source.Pulsoid, reason: Reason.NotSignedIn, ...status }, stats: noStats },
    account,
  )
  return mountApp(backend)
}

describe('first run: the sign-in screen', () => {
  it('offers sign-in, a token and the demo', async () => {
    const backend = signedOut()
    await settle()
    expect(screen.getByRole('heading', { name: 'Connect your Pulsoid account' })).toBeInTheDocument()
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with Pulsoid' }))
    expect(backend.signIn).toHaveBeenCalledOnce()
    await fireEvent.click(screen.getByRole('button', { name: 'Try demo' }))
    expect(backend.startDemo).toHaveBeenCalledOnce()
  })

  it('shows the link as QR code and text, copies it, and counts down', async () => {
    const backend = signedOut({ state: State.SigningIn })
    await settle()
    const url = 'https://pulsoid.net/activate?code=0f3c2b1a-1111-4222-8333-944445555666'
    backend.pushSignIn({ phase: Phase.Waiting, url, expires_at: Date.now() + 125_000 })
    await settle()
    expect(screen.getByRole('heading', { name: 'Approve Beatcast on Pulsoid' })).toBeInTheDocument()
    expect(screen.getByTestId('signin-url')).toHaveTextContent(url)
    expect(screen.getByRole('img', { name: /QR code/ })).toBeInTheDocument()
    expect(screen.getByTestId('qr').querySelector('path')!.getAttribute('d')!.length).toBeGreaterThan(100)
    expect(screen.getByTestId('countdown')).toHaveTextContent(/works for 2:0[45] more/)
    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }))
    expect(backend.copy).toHaveBeenCalledWith(url)
    await fireEvent.click(screen.getByRole('button', { name: 'Open browser again' }))
    expect(backend.openURL).toHaveBeenCalledWith(url)
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(backend.cancelSignIn).toHaveBeenCalledOnce()
  })

  it('says it opened the browser only when it did', async () => {
    const backend = signedOut({ state: State.SigningIn })
    await settle()
    const url = 'https://pulsoid.net/oauth2/device_authorization_consent?user_code=x'
    backend.pushSignIn({ phase: Phase.Waiting, url, expires_at: Date.now() + 60_000, browser_opened: false })
    await settle()
    expect(screen.queryByText(/We opened Pulsoid/)).not.toBeInTheDocument()
    expect(screen.getByTestId('open-yourself')).toHaveTextContent('Open this link in your browser')
    backend.pushSignIn({ phase: Phase.Waiting, url, expires_at: Date.now() + 60_000, browser_opened: true })
    await settle()
    expect(screen.getByText(/We opened Pulsoid in your browser/)).toBeInTheDocument()
  })

  it('while Pulsoid cannot be reached to start, counts down to the next try and offers Retry now', async () => {
    const backend = signedOut({ state: State.Reconnecting, reason: Reason.Network })
    await settle()
    backend.pushSignIn({
      phase: Phase.Starting, offline: true, retry_at: Date.now() + 2_000,
      message: "Can't reach Pulsoid. Check your internet connection.",
    })
    await settle()
    expect(screen.getByRole('heading', { name: /Asking Pulsoid for a sign-in link/ })).toBeInTheDocument()
    expect(screen.getByTestId('signin-offline')).toHaveTextContent(/Can't reach Pulsoid\. Check your internet connection\. Retrying in [123] s\./) // the window's clock ticks once a second
    await fireEvent.click(screen.getByRole('button', { name: 'Retry now' }))
    expect(backend.retryNow).toHaveBeenCalledOnce()
  })

  it('says when Pulsoid cannot be reached but keeps waiting', async () => {
    const backend = signedOut({ state: State.SigningIn })
    await settle()
    backend.pushSignIn({ phase: Phase.Waiting, url: 'https://x/activate', expires_at: Date.now() + 60_000, offline: true })
    await settle()
    expect(screen.getByRole('status')).toHaveTextContent("Can't reach Pulsoid right now — still waiting")
  })

  it('explains a failed sign-in and offers to start again', async () => {
    const backend = signedOut({ reason: Reason.SignInDenied })
    await settle()
    backend.pushSignIn({ phase: Phase.Failed, error: 'denied', message: "You didn't allow Beatcast on Pulsoid. Start again if that was a mistake." })
    await settle()
    expect(screen.getByTestId('signin-error')).toHaveTextContent("You didn't allow Beatcast")
    await fireEvent.click(screen.getByRole('button', { name: 'Start again' }))
    expect(backend.signIn).toHaveBeenCalledOnce()
  })

  it('gives the reason when a kept token died', async () => {
    signedOut({ reason: Reason.TokenExpired, message: 'Your Pulsoid sign-in has expired. Sign in again.' })
    await settle()
    expect(screen.getByTestId('signed-out-reason')).toHaveTextContent('Your Pulsoid sign-in has expired')
  })

  it('without a client id, says it is a development build and names the three ways in', async () => {
    const backend = signedOut({}, { ...signedOutAccount, has_client_id: false })
    await settle()
    expect(screen.queryByRole('button', { name: 'Sign in with Pulsoid' })).toBeNull()
    const ways = screen.getByTestId('ways-in')
    expect(ways).toHaveTextContent('development build')
    const items = [...ways.querySelectorAll('li')].map((li) => li.textContent)
    expect(items).toHaveLength(3)
    expect(items[0]).toContain('pulsoid.net/ui/api-clients')
    expect(items[1]).toContain('pulsoid.net/ui/keys')
    expect(items[2]).toContain('Try demo')
    await fireEvent.input(screen.getByLabelText('Client id'), { target: { value: 'my-client' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save and sign in' }))
    await settle()
    expect(backend.setClientID).toHaveBeenCalledWith('my-client')
    expect(backend.signIn).toHaveBeenCalledOnce()
    expect(screen.getByRole('button', { name: 'Use a token instead' })).toBeInTheDocument()
  })

  it('takes a pasted token and shows why it was refused', async () => {
    const backend = signedOut()
    backend.useToken = async () => {
      throw 'this token cannot read heart rate: create one at pulsoid.net/ui/keys with the data:heart_rate:read permission'
    }
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Use a token instead' }))
    const input = screen.getByLabelText('Token')
    expect(input).toHaveAttribute('type', 'password')
    await fireEvent.input(input, { target: { value: 'abc' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Use token' }))
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('data:heart_rate:read')
  })
})

describe('signed in', () => {
  it('a sign-in with hours left says hours, and how to renew it before going live', async () => {
    const backend = fakeBackend(
      { status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 80, measured_at: 1 }, stats: noStats },
      { signed_in: true, expires_at: Date.now() + 5.5 * 3_600_000, has_client_id: true, demo: false },
    )
    await renderApp(backend)
    expect(screen.getByTestId('account')).toHaveTextContent(
      'the sign-in lasts 5 more hours: sign out and in again to renew it before you go live',
    )
  })

  it('says whose account in words (never an id) and how long the sign-in lasts, and signs out after asking, since it is live', async () => {
    const backend = fakeBackend(
      { status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 80, measured_at: 1 }, stats: noStats },
      { signed_in: true, profile_id: '4fda99b9-6dc4', expires_at: Date.now() + 29.5 * 86_400_000, has_client_id: true, demo: false },
    )
    await renderApp(backend)
    expect(screen.getByTestId('account')).toHaveTextContent('Signed in to your Pulsoid account · the sign-in lasts 29 more days')
    expect(screen.getByTestId('account')).not.toHaveTextContent('4fda99b9')
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await settle()
    expect(backend.signOut).not.toHaveBeenCalled()
    const dialog = screen.getByRole('dialog', { name: 'Sign out of Pulsoid?' })
    expect(dialog).toHaveTextContent('the overlay in OBS go blank')
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Keep streaming' }))
    await settle()
    expect(backend.signOut).not.toHaveBeenCalled()
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign out' }))
    expect(backend.signOut).toHaveBeenCalledOnce()
  })

  it('signs out at once when nothing is on stream', async () => {
    const backend = fakeBackend(
      { status: { state: State.Reconnecting, source: Source.Pulsoid }, stats: noStats },
      { signed_in: true, profile_id: 'p', has_client_id: true, demo: false },
    )
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(backend.signOut).toHaveBeenCalledOnce()
  })

  it('from the demo, connecting Pulsoid opens the sign-in and can go back', async () => {
    const backend = fakeBackend(
      { status: { state: State.Live, source: Source.Demo }, beat: { bpm: 70, measured_at: 1 }, stats: noStats },
      { signed_in: false, has_client_id: true, demo: true },
    )
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'Connect Pulsoid' }))
    expect(screen.getByRole('heading', { name: 'Connect your Pulsoid account' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Try demo' })).toBeNull() // already the demo: one way back
    await fireEvent.click(screen.getByRole('button', { name: 'Back to the demo' }))
    expect(screen.getByTestId('bpm')).toHaveTextContent('70')
  })
})
