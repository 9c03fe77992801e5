export default function Page() {
  return <p>bulk</p>;
}
